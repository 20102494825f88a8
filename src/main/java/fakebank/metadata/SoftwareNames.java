package fakebank.metadata;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Names software found in EXIF {@code Software}, XMP {@code CreatorTool} or a history entry: an AI generator, an
 * editor, or neither. Patterns are matched case-insensitively on word boundaries, so "Photoshop" matches
 * "Adobe Photoshop 21.1 (Macintosh)" but a camera firmware string like "v981-79" matches nothing.
 */
final class SoftwareNames {
    enum Role { GENERATOR, EDITOR, OTHER }

    record Named(Role role, String name) {
    }

    private record Rule(Pattern pattern, Role role, String name) {
    }

    private static final List<Rule> RULES = List.of(
            generator("dall[-·‧ ]?e", "DALL-E"),
            generator("midjourney", "Midjourney"),
            generator("firefly", "Adobe Firefly"),
            generator("stable[ -_]?diffusion|sdxl", "Stable Diffusion"),
            generator("novel ?ai", "NovelAI"),
            generator("comfy ?ui", "ComfyUI"),
            generator("automatic1111|stable-diffusion-webui", "AUTOMATIC1111 web UI"),
            generator("invoke ?ai", "InvokeAI"),
            generator("fooocus", "Fooocus"),
            generator("swarm ?ui", "SwarmUI"),
            generator("easy ?diffusion", "Easy Diffusion"),
            generator("draw things", "Draw Things"),
            generator("diffusion ?bee", "DiffusionBee"),
            generator("imagen", "Google Imagen"),
            generator("gemini", "Google Gemini"),
            generator("bing image creator|image creator from (microsoft )?designer|microsoft designer",
                    "Microsoft Designer"),
            generator("leonardo[. ]ai", "Leonardo.Ai"),
            generator("ideogram", "Ideogram"),
            generator("flux[. -]?1|black forest labs", "FLUX"),
            generator("chatgpt|openai|gpt-4o|gpt-image", "OpenAI"),
            generator("dreamstudio|stability ai", "Stability AI"),
            generator("craiyon", "Craiyon"),
            generator("nightcafe", "NightCafe"),
            generator("wombo", "Dream by WOMBO"),
            generator("playground ?ai", "Playground AI"),
            generator("krea[. ]ai", "Krea"),
            generator("runway ?ml|runway gen", "Runway"),
            generator("kandinsky", "Kandinsky"),
            generator("recraft", "Recraft"),
            generator("seedream|dreamina", "ByteDance Seedream"),
            generator("imagine with meta|meta ai", "Meta AI"),
            generator("grok", "xAI Grok"),
            editor("photoshop", "Adobe Photoshop"),
            editor("lightroom", "Adobe Lightroom"),
            editor("camera raw", "Adobe Camera Raw"),
            editor("adobe express", "Adobe Express"),
            editor("gimp", "GIMP"),
            editor("affinity photo", "Affinity Photo"),
            editor("pixelmator", "Pixelmator"),
            editor("capture one", "Capture One"),
            editor("darktable", "darktable"),
            editor("rawtherapee", "RawTherapee"),
            editor("luminar", "Luminar"),
            editor("snapseed", "Snapseed"),
            editor("picasa", "Picasa"),
            editor("photo gallery", "Windows Photo Gallery"),
            editor("microsoft photos|windows photo editor", "Microsoft Photos"),
            editor("paint\\.net", "Paint.NET"),
            editor("paintshop", "Corel PaintShop"),
            editor("photoscape", "PhotoScape"),
            editor("canva", "Canva"),
            editor("fotor", "Fotor"),
            editor("picsart", "Picsart"),
            editor("acdsee", "ACDSee"),
            editor("dxo", "DxO"),
            editor("on1 photo", "ON1 Photo"),
            editor("photopea", "Photopea"),
            editor("krita", "Krita"),
            editor("facetune", "Facetune"),
            editor("vsco", "VSCO"),
            editor("photodirector", "PhotoDirector"),
            editor("polarr", "Polarr"));

    private SoftwareNames() {
    }

    static Named classify(String software) {
        if (software == null || software.isBlank()) {
            return new Named(Role.OTHER, null);
        }
        String head = software.length() > 1000 ? software.substring(0, 1000) : software; // bounded matching time
        for (Rule r : RULES) {
            if (r.pattern().matcher(head).find()) {
                return new Named(r.role(), r.name());
            }
        }
        return new Named(Role.OTHER, Text.clip(software, 100));
    }

    private static Rule generator(String regex, String name) {
        return new Rule(word(regex), Role.GENERATOR, name);
    }

    private static Rule editor(String regex, String name) {
        return new Rule(word(regex), Role.EDITOR, name);
    }

    private static Pattern word(String regex) {
        return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + regex + ")(?![\\p{L}\\p{N}])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
