package fakebank.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail, the body of every error response ({@code application/problem+json}). {@code type}
 * is {@code urn:fakebank:problem:<kind>} (kinds: bad-request, unauthorized, forbidden, not-found,
 * method-not-allowed, too-large, unsupported-type, bad-image, bad-video, conflict, overloaded, missing-tool, storage,
 * internal); {@code instance} is
 * the request path.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {
    public static final String CONTENT_TYPE = "application/problem+json";
    static final String TYPE_PREFIX = "urn:fakebank:problem:";

    static Problem of(int status, String kind, String detail, String instance) {
        return new Problem(TYPE_PREFIX + kind, title(status), status, detail, instance);
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 507 -> "Insufficient Storage";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    static String kindOf(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 408 -> "timeout";
            case 409 -> "conflict";
            case 413 -> "too-large";
            case 415 -> "unsupported-type";
            case 422 -> "bad-image";
            case 429, 503 -> "overloaded";
            case 507 -> "storage";
            default -> status >= 500 ? "internal" : "error";
        };
    }
}
