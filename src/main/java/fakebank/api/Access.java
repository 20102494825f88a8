package fakebank.api;

import io.javalin.security.RouteRole;

/** Who may call a route: checked once, before any matched handler runs. */
enum Access implements RouteRole {
    /** Anyone: the page, health, metrics, the OpenAPI document. */
    OPEN,
    /** Anyone, unless the server was started with {@code keyReads}. */
    READ,
    /** Holders of a write key only. */
    WRITE
}
