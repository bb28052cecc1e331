package net.cpmpf.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Everything that travels on the backbone. On the wire each event is JSON whose {@code type} property is the
 * logical name registered here, never a Java class name, so that services can be renamed or rewritten without
 * breaking the contract.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = InboundMessage.class, name = "inbound-message"),
    @JsonSubTypes.Type(value = FinalResponseCommand.class, name = "final-response"),
    @JsonSubTypes.Type(value = ForkCommand.class, name = "fork"),
    @JsonSubTypes.Type(value = RegistrationChanged.class, name = "registration-changed"),
    @JsonSubTypes.Type(value = RoutedMessage.class, name = "routed-message"),
    @JsonSubTypes.Type(value = MessageDeferred.class, name = "message-deferred"),
    @JsonSubTypes.Type(value = DeliveryOutcome.class, name = "delivery-outcome"),
    @JsonSubTypes.Type(value = SendRequestCommand.class, name = "send-request"),
    @JsonSubTypes.Type(value = RequestOutcome.class, name = "request-outcome"),
    @JsonSubTypes.Type(value = DeferralNotice.class, name = "deferral-notice"),
    @JsonSubTypes.Type(value = DeferLargeMessageCommand.class, name = "defer-large-message"),
    @JsonSubTypes.Type(value = LargeMessageDeferred.class, name = "large-message-deferred"),
    @JsonSubTypes.Type(value = SendLargeMessageCommand.class, name = "send-large-message"),
    @JsonSubTypes.Type(value = LargeMessageRedelivery.class, name = "large-message-redelivery"),
    @JsonSubTypes.Type(value = LargeMessageRemoval.class, name = "large-message-removal"),
})
public sealed interface CpmEvent
        permits InboundMessage,
                EdgeCommand,
                RegistrationChanged,
                RoutedMessage,
                MessageDeferred,
                DeliveryOutcome,
                RequestOutcome,
                DeferralNotice,
                LargeMessageDeferred,
                LargeMessageRedelivery,
                LargeMessageRemoval {

    /** Ties every event of one inbound SIP transaction together; also the idempotency key of consumers. */
    String correlationId();
}
