package fakebank.metadata;

/** Clipping and cleaning of strings read from untrusted metadata before they reach JSON, logs or a web page. */
final class Text {
    static final int MAX_PROMPT = 300;

    private Text() {
    }

    /** Trims, drops control characters (keeps newlines as spaces), clips to {@code max} code units with an ellipsis. */
    static String clip(String s, int max) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), max + 1));
        for (int i = 0; i < s.length() && out.length() <= max; i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
            } else if (!Character.isISOControl(c)) {
                out.append(c);
            }
        }
        String t = out.toString().strip();
        if (t.isEmpty()) {
            return null;
        }
        return t.length() > max ? t.substring(0, max - 1).strip() + "…" : t;
    }
}
