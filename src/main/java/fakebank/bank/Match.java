package fakebank.bank;

/** One neighbour of a query: cosine similarity in [-1, 1]; lists are sorted by similarity, then id. */
public record Match(String id, float similarity, Label label, String generator, Family family, String source,
        String sha256) implements Comparable<Match> {
    @Override
    public int compareTo(Match o) {
        int c = Float.compare(o.similarity, similarity);
        return c != 0 ? c : id.compareTo(o.id);
    }
}
