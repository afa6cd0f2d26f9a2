package com.coursevideo.dev;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestQuery;

import com.coursevideo.access.Viewer;
import com.coursevideo.access.Viewers;
import com.coursevideo.http.Ids;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/**
 * Dev mode only (src/dev: absent from every other build): tokens to try the API with, signed with the key
 * pair Quarkus makes for dev mode. An admin token is printed at start-up;
 * {@code GET /dev/tokens/learner?course=<uuid>} (repeatable) gives a learner's.
 */
@IfBuildProfile("dev")
@Path("/dev/tokens")
@PermitAll
@Produces(MediaType.TEXT_PLAIN)
public class DevTokens {

    private static final Logger LOG = Logger.getLogger(DevTokens.class);
    private static final Duration LIFETIME = Duration.ofHours(24);

    private final String issuer;
    private final Optional<Set<String>> audiences;

    DevTokens(@ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<Set<String>> audiences) {
        this.issuer = issuer;
        this.audiences = audiences;
    }

    void announce(@Observes StartupEvent start) {
        LOG.infof("dev mode: an admin token (24 h), for Authorization: Bearer ...%n%s%n"
                + "a learner's: curl 'localhost:8080/dev/tokens/learner?course=<course id>'", admin());
    }

    @GET
    @Path("admin")
    public String admin() {
        return claims("dev-admin").groups(Viewer.ADMIN).sign();
    }

    @GET
    @Path("learner")
    public String learner(@RestQuery("course") List<String> courses) {
        courses.forEach(course -> Ids.parse("course", course));
        return claims("dev-learner").claim(Viewers.COURSES_CLAIM, courses).sign();
    }

    private JwtClaimsBuilder claims(String subject) {
        JwtClaimsBuilder claims = Jwt.issuer(issuer).subject(subject).expiresIn(LIFETIME);
        audiences.ifPresent(claims::audience);
        return claims;
    }
}
