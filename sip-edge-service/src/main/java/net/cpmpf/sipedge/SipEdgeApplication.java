package net.cpmpf.sipedge;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The only SIP and MSRP speaker of the system: turns SIP into backbone events and commands back into SIP. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SipEdgeApplication {

    public static final String NAME = "sip-edge-service";

    /** Reads {@code sip-edge-service.yml}, so that all services can share one classpath in the local stack. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(SipEdgeApplication.class)
                .main(SipEdgeApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
