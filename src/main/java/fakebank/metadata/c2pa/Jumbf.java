package fakebank.metadata.c2pa;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A JUMBF superbox (ISO/IEC 19566-5): a {@code jumb} box whose first child, {@code jumd}, names its content type
 * (a UUID whose first four bytes C2PA uses as a readable code: {@code c2pa}, {@code c2ma}, {@code c2cl}, ...) and
 * usually a label. {@code superboxes} are the nested {@code jumb} children, {@code contents} the other boxes
 * ({@code cbor}, {@code json}, {@code bidb}, ...). No library parses JUMBF, hence this small reader.
 */
public record Jumbf(Box box, String typeCode, String label, List<Jumbf> superboxes, List<Box> contents) {
    static final int MAX_DEPTH = 12;

    public static Jumbf parse(byte[] data, Box jumb) {
        return parse(data, jumb, 0);
    }

    private static Jumbf parse(byte[] data, Box jumb, int depth) {
        if (!"jumb".equals(jumb.type())) {
            throw new Box.MalformedException("expected a jumb box, found '" + Box.printable(jumb.type()) + "'");
        }
        if (depth > MAX_DEPTH) {
            throw new Box.MalformedException("JUMBF nested deeper than " + MAX_DEPTH);
        }
        List<Box> children = Box.read(data, jumb.body(), jumb.end());
        if (children.isEmpty() || !"jumd".equals(children.getFirst().type())) {
            throw new Box.MalformedException("jumb box at byte " + jumb.start() + " has no jumd description");
        }
        Box jumd = children.getFirst();
        if (jumd.end() - jumd.body() < 17) {
            throw new Box.MalformedException("jumd box at byte " + jumd.start() + " is too short");
        }
        String typeCode = Box.printable(new String(data, jumd.body(), 4, StandardCharsets.ISO_8859_1));
        int toggles = data[jumd.body() + 16] & 0xFF;
        String label = null;
        if ((toggles & 0x02) != 0) {
            int from = jumd.body() + 17;
            int zero = from;
            while (zero < jumd.end() && data[zero] != 0) {
                zero++;
            }
            label = new String(data, from, zero - from, StandardCharsets.UTF_8);
        }
        List<Jumbf> superboxes = new ArrayList<>();
        List<Box> contents = new ArrayList<>();
        for (Box child : children.subList(1, children.size())) {
            if ("jumb".equals(child.type())) {
                superboxes.add(parse(data, child, depth + 1));
            } else {
                contents.add(child);
            }
        }
        return new Jumbf(jumb, typeCode, label, List.copyOf(superboxes), List.copyOf(contents));
    }

    /** The first nested superbox with this label, or null. */
    public Jumbf child(String childLabel) {
        for (Jumbf j : superboxes) {
            if (childLabel.equals(j.label())) {
                return j;
            }
        }
        return null;
    }

    /** The first content box of this type (for example {@code cbor}), or null. */
    public Box content(String type) {
        for (Box b : contents) {
            if (type.equals(b.type())) {
                return b;
            }
        }
        return null;
    }
}
