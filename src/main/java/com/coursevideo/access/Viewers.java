package com.coursevideo.access;

import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The {@link Viewer} behind the current request's verified bearer token. */
@ApplicationScoped
public class Viewers {

    /** The claim that lists the course UUIDs a learner is enrolled in. */
    public static final String COURSES_CLAIM = "courses";

    /** Viewers of the most recently seen tokens (about 4 MB of token text at a kilobyte each). */
    static final int KEPT = 4096;

    private final CurrentIdentityAssociation identities;
    /**
     * The viewer of each recently seen token, by its exact (verified) text: what a token says never
     * changes, and reading a claim that is not one of JWT's registered ones costs smallrye-jwt an
     * exception each time (it looks its name up among them first): a sixth of a learner's cached read.
     */
    private final Map<String, Viewer> byToken = new ConcurrentHashMap<>();

    Viewers(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** Without blocking: the endpoint's security check has resolved the identity already. */
    public Uni<Viewer> current() {
        return identities.getDeferredIdentity().map(this::viewer);
    }

    private Viewer viewer(SecurityIdentity identity) {
        String raw = identity.getPrincipal() instanceof JsonWebToken token ? token.getRawToken() : null;
        if (raw == null) {
            return of(identity);
        }
        Viewer known = byToken.get(raw);
        if (known != null) {
            return known;
        }
        Viewer viewer = of(identity);
        if (byToken.size() >= KEPT) {
            Iterator<String> tokens = byToken.keySet().iterator();
            for (int i = 0; i < KEPT / 16 && tokens.hasNext(); i++) {
                tokens.next();
                tokens.remove();
            }
        }
        byToken.put(raw, viewer);
        return viewer;
    }

    static Viewer of(SecurityIdentity identity) {
        String subject = identity.getPrincipal() instanceof JsonWebToken token ? token.getSubject()
                : identity.getPrincipal().getName();
        if (identity.hasRole(Viewer.ADMIN)) {
            return Viewer.admin(subject);
        }
        return Viewer.learner(subject, identity.getPrincipal() instanceof JsonWebToken token
                ? enrolments(token.getClaim(COURSES_CLAIM)) : Set.of());
    }

    /** The claim's course UUIDs; entries that are not UUIDs grant nothing. */
    private static Set<UUID> enrolments(Object claim) {
        Set<UUID> courses = new HashSet<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue entry : array) {
                if (entry instanceof JsonString text) {
                    addIfUuid(courses, text.getString());
                }
            }
        } else if (claim instanceof Collection<?> entries) {
            for (Object entry : entries) {
                addIfUuid(courses, String.valueOf(entry));
            }
        }
        return courses;
    }

    private static void addIfUuid(Set<UUID> courses, String text) {
        try {
            UUID course = UUID.fromString(text);
            if (course.toString().equalsIgnoreCase(text)) {
                courses.add(course);
            }
        } catch (IllegalArgumentException notAUuid) {
            // grants nothing
        }
    }
}
