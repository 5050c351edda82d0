package io.mlplab.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.LinkedHashSet;
import java.util.List;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document's metadata; operations and schemas come from the controller and the records. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static {
        // a JSON value of any shape (a study's grid values, a base spec as given), not the tree class's getters
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new Schema<>()
                .types(new LinkedHashSet<>(List.of("string", "number", "boolean", "array", "object", "null")))
                .description("Any JSON value."));
    }

    @Bean
    OpenAPI mlpLabOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("MLP Lab")
                        .version("v1")
                        .description("""
                                Train small multi-layer perceptrons as asynchronous jobs: submit a spec, poll \
                                the job (or long-poll with `wait`), read the recorded loss and accuracy \
                                history, cancel or delete it. An empty spec `{}` trains the "Sigmoid vs ReLU" \
                                study's first experiment; every field changes one thing from there. Errors are \
                                `application/problem+json` (RFC 9457) with a stable `type` URN. Numbers that \
                                are not finite (a diverged loss) are written as `null`.""")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0")))
                .addTagsItem(new Tag().name("jobs").description("Training jobs: submit, poll, history, cancel"))
                .addTagsItem(new Tag().name("studies").description("Grids of specs × seeds run as jobs and compared "
                        + "in one table: submit (or a preset), poll, table, CSV, histories, plots, cancel"));
    }
}
