package net.cpmpf.notification.notice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentNoticesTest {

    @Test
    void keepsAtMostItsCapacityForgettingTheOldestFirst() {
        var recent = new RecentNotices(2);
        recent.remember(SystemMessagesTest.deferred("a", null, null));
        recent.remember(SystemMessagesTest.deferred("b", null, null));
        recent.remember(SystemMessagesTest.deferred("c", null, null));

        assertThat(recent.size()).isEqualTo(2);
        assertThat(recent.take("a")).isEmpty();
        assertThat(recent.take("b")).isPresent();
        assertThat(recent.take("c")).isPresent();
    }

    @Test
    void eachMessageIsTakenOnce() {
        var recent = new RecentNotices(10);
        recent.remember(SystemMessagesTest.deferred("a", null, null));

        assertThat(recent.take("a")).isPresent();
        assertThat(recent.take("a")).isEmpty();
    }
}
