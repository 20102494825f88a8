package fakebank.metadata;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the text that Stable Diffusion front-ends and image services write into PNG text chunks (and, for
 * JPEG/WebP, into EXIF UserComment): AUTOMATIC1111/Forge/Fooocus {@code parameters}, ComfyUI {@code prompt} and
 * {@code workflow} graphs, InvokeAI {@code Dream}/{@code sd-metadata}/{@code invokeai_metadata}, NovelAI
 * ({@code Software: NovelAI}, {@code Comment} JSON), SwarmUI, Easy Diffusion and Midjourney's {@code Description}.
 * Each format is matched by its published shape, not by a single key name, so an unrelated "prompt" chunk is not
 * taken for ComfyUI.
 */
final class GeneratorText {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(8 << 20).build())
            .build());
    private static final Pattern A1111_SETTINGS = Pattern.compile("(?m)^Steps: \\d+,.*$");
    private static final Pattern A1111_MODEL = Pattern.compile("(?:^|, )Model: ([^,]+)");
    private static final Pattern A1111_VERSION = Pattern.compile("(?:^|, )Version: ([^,]+)");
    private static final Pattern MIDJOURNEY_JOB = Pattern.compile("Job ID: [0-9a-f-]{36}");
    private static final Set<String> PROMPT_KEYS = Set.of("text", "text_g", "text_l", "prompt", "positive",
            "wildcard_text", "populated_text", "positive_prompt");
    private static final Set<String> MODEL_KEYS = Set.of("ckpt_name", "unet_name", "model_name", "base_ckpt_name",
            "checkpoint");
    private static final int MAX_NODES = 5_000;

    private GeneratorText() {
    }

    /** The generation these text chunks describe, or null. {@code chunks} maps keyword to text (first wins). */
    static Generation fromPngText(Map<String, String> chunks, String where) {
        String params = chunks.get("parameters");
        if (params != null) {
            Generation g = parameters(params, where + " parameters", chunks.get("fooocus_scheme") != null);
            if (g != null) {
                return g;
            }
        }
        if (chunks.containsKey("prompt") || chunks.containsKey("workflow")) {
            Generation g = comfy(chunks.get("prompt"), chunks.get("workflow"), where);
            if (g != null) {
                return g;
            }
        }
        if (chunks.containsKey("invokeai_metadata")) {
            JsonNode m = json(chunks.get("invokeai_metadata"));
            if (m != null && m.isObject()) {
                return new Generation("InvokeAI", modelName(m.get("model")), firstText(m, "positive_prompt", "prompt"),
                        where + " invokeai_metadata");
            }
        }
        if (chunks.containsKey("sd-metadata") || chunks.containsKey("Dream")) {
            Generation g = invokeLegacy(chunks.get("sd-metadata"), chunks.get("Dream"), where);
            if (g != null) {
                return g;
            }
        }
        String software = chunks.get("Software");
        if (software != null && software.toLowerCase(Locale.ROOT).contains("novelai")) {
            JsonNode comment = json(chunks.get("Comment"));
            String prompt = chunks.get("Description");
            if (prompt == null && comment != null) {
                prompt = firstText(comment, "prompt");
            }
            return new Generation("NovelAI", chunks.get("Source"), prompt, where + " Software/Comment");
        }
        if (chunks.containsKey("use_stable_diffusion_model") && chunks.containsKey("prompt")) {
            return new Generation("Easy Diffusion", chunks.get("use_stable_diffusion_model"), chunks.get("prompt"),
                    where + " prompt");
        }
        String description = chunks.get("Description");
        if (description != null && MIDJOURNEY_JOB.matcher(description).find()) {
            String prompt = description.substring(0, MIDJOURNEY_JOB.matcher(description).results().findFirst()
                    .orElseThrow().start());
            return new Generation("Midjourney", null, prompt, where + " Description");
        }
        return null;
    }

    /**
     * A {@code parameters} value: AUTOMATIC1111's text (prompt, optional "Negative prompt:" line, then a
     * "Steps: N, Sampler: ..." line), or a JSON object as Fooocus and SwarmUI write.
     */
    static Generation parameters(String text, String where, boolean fooocusScheme) {
        String t = text.strip();
        if (t.startsWith("{")) {
            JsonNode j = json(t);
            if (j == null || !j.isObject()) {
                return null;
            }
            JsonNode swarm = j.get("sui_image_params");
            if (swarm != null && swarm.isObject()) {
                return new Generation("SwarmUI", firstText(swarm, "model"), firstText(swarm, "prompt"), where);
            }
            String version = firstText(j, "version", "Version");
            boolean fooocus = fooocusScheme || (version != null && version.toLowerCase(Locale.ROOT).contains("fooocus"));
            String prompt = firstText(j, "prompt", "Prompt", "positive_prompt");
            String model = firstText(j, "base_model", "Base Model", "model", "Model");
            if (prompt == null && model == null) {
                return null;
            }
            return new Generation(fooocus ? "Fooocus" : "Stable Diffusion front-end (JSON parameters)", model, prompt,
                    where);
        }
        Matcher settings = A1111_SETTINGS.matcher(t);
        if (!settings.find()) {
            return null;
        }
        String line = settings.group();
        if (!line.contains("Sampler:") && !line.contains("Seed:")) {
            return null;
        }
        String prompt = t.substring(0, settings.start());
        int negative = prompt.indexOf("Negative prompt:");
        if (negative >= 0) {
            prompt = prompt.substring(0, negative);
        }
        String version = group(A1111_VERSION, line);
        String generator = "AUTOMATIC1111 web UI";
        if (version != null && version.toLowerCase(Locale.ROOT).contains("fooocus")) {
            generator = "Fooocus";
        } else if (fooocusScheme) {
            generator = "Fooocus";
        } else if (version != null && version.startsWith("f") && version.length() > 1
                && Character.isDigit(version.charAt(1))) {
            generator = "Stable Diffusion WebUI Forge";
        }
        return new Generation(generator, group(A1111_MODEL, line), prompt, where);
    }

    /** ComfyUI: {@code prompt} is the API graph (node id -> class_type, inputs); {@code workflow} the editor graph. */
    static Generation comfy(String promptJson, String workflowJson, String where) {
        JsonNode graph = json(promptJson);
        if (graph != null && graph.isObject() && isComfyGraph(graph)) {
            return new Generation("ComfyUI", comfyModel(graph), comfyPrompt(graph), where + " prompt");
        }
        JsonNode workflow = json(workflowJson);
        if (workflow != null && workflow.path("nodes").isArray() && !workflow.path("nodes").isEmpty()) {
            String model = null;
            String prompt = null;
            int seen = 0;
            for (JsonNode node : workflow.path("nodes")) {
                if (++seen > MAX_NODES) {
                    break;
                }
                String type = node.path("type").asText("");
                for (JsonNode w : node.path("widgets_values")) {
                    String v = w.isTextual() ? w.asText() : null;
                    if (v == null) {
                        continue;
                    }
                    if (model == null && type.contains("Loader") && looksLikeModelFile(v)) {
                        model = v;
                    } else if (type.contains("TextEncode") && (prompt == null || v.length() > prompt.length())) {
                        prompt = v;
                    }
                }
            }
            return new Generation("ComfyUI", model, prompt, where + " workflow");
        }
        return null;
    }

    private static boolean isComfyGraph(JsonNode graph) {
        int nodes = 0;
        for (JsonNode node : graph) {
            if (!node.isObject() || !node.path("class_type").isTextual() || !node.path("inputs").isObject()) {
                return false;
            }
            nodes++;
        }
        return nodes > 0;
    }

    private static String comfyModel(JsonNode graph) {
        for (JsonNode node : graph) {
            for (String key : MODEL_KEYS) {
                JsonNode v = node.path("inputs").get(key);
                if (v != null && v.isTextual()) {
                    return v.asText();
                }
            }
        }
        return null;
    }

    /** Follows each sampler's {@code positive} link back through the graph to the first prompt text it reaches. */
    private static String comfyPrompt(JsonNode graph) {
        Deque<String> queue = new ArrayDeque<>();
        for (JsonNode node : graph) {
            JsonNode positive = node.path("inputs").get("positive");
            if (positive != null && positive.isArray() && !positive.isEmpty()) {
                queue.add(positive.get(0).asText());
            }
        }
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty() && seen.size() < MAX_NODES) {
            String id = queue.poll();
            if (!seen.add(id)) {
                continue;
            }
            JsonNode inputs = graph.path(id).path("inputs");
            for (Map.Entry<String, JsonNode> in : inputs.properties()) {
                if (PROMPT_KEYS.contains(in.getKey()) && in.getValue().isTextual() && !in.getValue().asText().isBlank()) {
                    return in.getValue().asText();
                }
            }
            for (Iterator<JsonNode> it = inputs.elements(); it.hasNext(); ) {
                JsonNode v = it.next();
                if (v.isArray() && v.size() == 2 && v.get(0).isTextual()) {
                    queue.add(v.get(0).asText());
                }
            }
        }
        // No sampler link (or none reached text): the longest text of a text-encoding node.
        String best = null;
        for (JsonNode node : graph) {
            if (!node.path("class_type").asText("").contains("TextEncode")) {
                continue;
            }
            for (JsonNode v : node.path("inputs")) {
                if (v.isTextual() && (best == null || v.asText().length() > best.length())) {
                    best = v.asText();
                }
            }
        }
        return best;
    }

    /** InvokeAI 2.x (lstein dream.py): {@code sd-metadata} JSON and/or the {@code Dream} command line. */
    private static Generation invokeLegacy(String sdMetadata, String dream, String where) {
        JsonNode m = json(sdMetadata);
        String model = null;
        String prompt = null;
        if (m != null && m.isObject()) {
            model = firstText(m, "model_id", "model_weights", "model");
            JsonNode p = m.path("image").path("prompt");
            if (p.isArray() && !p.isEmpty()) {
                prompt = p.get(0).isObject() ? firstText(p.get(0), "prompt") : p.get(0).asText(null);
            } else if (p.isTextual()) {
                prompt = p.asText();
            }
            if (firstText(m, "app_id") == null && model == null && prompt == null) {
                m = null;
            }
        }
        if (prompt == null && dream != null) {
            String quoted = leadingQuoted(dream.strip());
            if (quoted != null) {
                prompt = quoted;
            } else if (dream.contains(" -S ") || dream.contains(" -s ")) {
                prompt = dream;
            }
        }
        if (m == null && prompt == null) {
            return null;
        }
        return new Generation("InvokeAI", model, prompt, where + (m != null ? " sd-metadata" : " Dream"));
    }

    /** The text of a leading double-quoted string (backslash escapes), scanned by hand: no regex recursion. */
    private static String leadingQuoted(String s) {
        if (!s.startsWith("\"")) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            out.append(c);
        }
        return null;
    }

    private static String modelName(JsonNode model) {
        if (model == null) {
            return null;
        }
        return model.isTextual() ? model.asText() : firstText(model, "model_name", "name", "key");
    }

    private static boolean looksLikeModelFile(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        return List.of(".safetensors", ".ckpt", ".pt", ".pth", ".gguf", ".sft", ".bin").stream().anyMatch(s::endsWith);
    }

    static JsonNode json(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (Exception e) { // any malformed JSON just means "not this format"
            return null;
        }
    }

    static String firstText(JsonNode node, String... keys) {
        for (String k : keys) {
            JsonNode v = node.get(k);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return v.asText();
            }
        }
        return null;
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1).strip() : null;
    }
}
