package fakebank.metadata;

/**
 * Metadata saying the image was generated: by which {@code generator} (tool or service), with which {@code model}
 * when known, the {@code prompt} (truncated to {@link Text#MAX_PROMPT} characters), and {@code source}, where it was
 * read. Fields other than {@code generator} and {@code source} may be null.
 */
public record Generation(String generator, String model, String prompt, String source) {
    public Generation {
        generator = Text.clip(generator, 200);
        model = Text.clip(model, 200);
        prompt = Text.clip(prompt, Text.MAX_PROMPT);
        source = Text.clip(source, 200);
    }

    String describe() {
        if (generator == null) {
            return "unnamed generator";
        }
        StringBuilder s = new StringBuilder(generator);
        if (model != null) {
            s.append(", model ").append(model);
        }
        if (prompt != null) {
            s.append(", prompt \"").append(Text.clip(prompt, 80)).append('"');
        }
        return s.toString();
    }
}
