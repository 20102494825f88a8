package fakebank.service;

import fakebank.bank.Bank;
import fakebank.bank.LabeledVector;
import fakebank.bank.Match;
import fakebank.bank.SearchFilter;
import fakebank.detect.KnownImages;
import java.util.List;
import java.util.function.Consumer;

/** Lets detection read the Lucene bank through its small interface. */
final class BankKnownImages implements KnownImages {
    private final Bank bank;

    BankKnownImages(Bank bank) {
        this.bank = bank;
    }

    @Override
    public List<Match> nearest(float[] query, int k) {
        return bank.search(query, k, SearchFilter.NONE);
    }

    @Override
    public void forEachLive(Consumer<LabeledVector> sink) {
        bank.forEachLive(sink);
    }

    @Override
    public long version() {
        return bank.version();
    }
}
