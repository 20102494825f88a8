package fakebank.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bank entry's {@code source} as a reader sees it: a link when one can be derived, the text to show, and the
 * note that followed it (crop or tile) kept as plain text. Known forms: {@code github:owner/repo@commit:path},
 * {@code debian:package_version_arch.deb:/path}, and plain {@code http(s)} URLs; anything else is text only.
 *
 * @param url  an http(s) link, or null when none can be derived
 * @param text the source without its note
 * @param note the bracketed note after the source (for example {@code crop x=12, tile 1}), or null
 */
public record SourceLink(String url, String text, String note) {
    private static final Pattern NOTE = Pattern.compile("^(.*?)\\s*\\[([^\\[\\]]*)]\\s*$");
    private static final Pattern GITHUB = Pattern.compile(
            "^github:([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)@([0-9a-fA-F]{6,40}):(\\S+)$");
    private static final Pattern DEBIAN = Pattern.compile("^debian:([a-z0-9][a-z0-9+.-]+)_[^_\\s]+_[a-z0-9]+\\.deb:\\S*$");

    public static SourceLink of(String source) {
        if (source == null || source.isBlank()) {
            return null;
        }
        String text = source.strip();
        String note = null;
        Matcher n = NOTE.matcher(text);
        if (n.matches()) {
            text = n.group(1);
            note = n.group(2).strip();
        }
        return new SourceLink(urlFor(text), text, note);
    }

    private static String urlFor(String text) {
        Matcher g = GITHUB.matcher(text);
        if (g.matches()) {
            return "https://github.com/" + g.group(1) + "/" + g.group(2) + "/blob/" + g.group(3) + "/" + g.group(4);
        }
        Matcher d = DEBIAN.matcher(text);
        if (d.matches()) {
            return "https://tracker.debian.org/pkg/" + d.group(1);
        }
        return isWebUrl(text) ? text : null;
    }

    /** Only absolute http(s) links are ever rendered as links: never javascript:, data: or relative ones. */
    private static boolean isWebUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            return ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
