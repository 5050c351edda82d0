package io.mlplab;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** MLP Lab: neural-network training experiments as HTTP jobs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MlpLabApplication {

    public static void main(String[] args) {
        SpringApplication.run(MlpLabApplication.class, args);
    }
}
