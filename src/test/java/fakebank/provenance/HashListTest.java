package fakebank.provenance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.EntryMeta;
import fakebank.bank.Label;
import fakebank.error.BadRequestException;
import fakebank.error.NotFoundException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashListTest {
    private static final String A = "d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22";
    private static final String B = "e64cc9d91e623842f8d1f1d9a398e78c9f199a3bd87924f2b7e11e0bf061b064";

    @TempDir
    Path dir;

    private static HashList.NewHash hash(String hex, Label label) {
        return new HashList.NewHash(PdqHash.parse(hex), new EntryMeta(label, "gen-x", null, "https://example.org/list",
                null, "test"));
    }

    @Test
    void addsMatchesRemovesAndSurvivesReopening() {
        Path file = dir.resolve("hashes.jsonl");
        HashList list = HashList.open(file);
        List<HashList.Added> added = list.addAll(List.of(hash(A, Label.FAKE), hash(B, Label.REAL), hash(A, Label.FAKE)));
        assertFalse(added.get(0).duplicate());
        assertTrue(added.get(2).duplicate(), "the same hash and label twice is one entry");
        assertEquals(added.get(0).id(), added.get(2).id());
        assertEquals(2, list.size());

        // 10 bits away from A: within the default 31
        PdqHash near = PdqHash.parse(A.substring(0, 61) + "ddd");
        int d = near.distance(PdqHash.parse(A));
        HashList.Hit hit = list.nearest(near, 31).orElseThrow();
        assertEquals(added.get(0).id(), hit.entry().id());
        assertEquals(d, hit.distance());
        assertTrue(list.nearest(near, d - 1).isEmpty(), "a tighter threshold does not match");
        assertTrue(list.nearest(PdqHash.parse(A, 10), 31).isEmpty(), "a low-quality query hash never matches");

        HashList reopened = HashList.open(file);
        assertEquals(2, reopened.size());
        assertEquals(Label.FAKE, reopened.get(added.get(0).id()).orElseThrow().label());
        reopened.remove(added.get(0).id(), "wrong list", "test");
        assertThrows(NotFoundException.class, () -> reopened.remove(added.get(0).id(), "again", "test"));
        assertEquals(1, HashList.open(file).size(), "the removal is durable");
    }

    @Test
    void csvRoundTripsAndReportsBadRows() throws Exception {
        StringWriter out = new StringWriter();
        HashCsv.write(out, List.of(new HashCsv.Row(PdqHash.parse(A, 90), Label.FAKE, "gen-x", null,
                "https://example.org", "a note, with a comma", "abc123")));
        HashCsv.Parsed back = HashCsv.read(new StringReader(out.toString()), "importer");
        assertEquals(List.of(), back.errors());
        HashList.NewHash h = back.hashes().getFirst();
        assertEquals(A, h.pdq().hex());
        assertEquals(90, h.pdq().quality());
        assertEquals(Label.FAKE, h.meta().label());
        assertTrue(h.meta().note().contains("a note, with a comma") && h.meta().note().contains("abc123"));

        HashCsv.Parsed mixed = HashCsv.read(new StringReader("pdq,label\n" + A + ",fake\nnot-a-hash,fake\n" + B
                + ",maybe\n"), "importer");
        assertEquals(1, mixed.hashes().size());
        assertEquals(2, mixed.errors().size(), mixed.errors()::toString);
        assertTrue(mixed.errors().get(0).startsWith("line 3"), mixed.errors()::toString);

        assertThrows(BadRequestException.class, () -> HashCsv.read(new StringReader("hash,kind\n" + A + ",fake\n"),
                "importer"));
        assertTrue(Files.notExists(dir.resolve("nothing")));
    }
}
