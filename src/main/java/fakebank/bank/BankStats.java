package fakebank.bank;

import java.util.Map;

/** Counts over live entries, size on disk, and the encoder the bank was built with. */
public record BankStats(
        long live,
        long deleted,
        Map<String, Long> byLabel,
        Map<String, Long> byFamily,
        Map<String, Long> byGenerator,
        long bytesOnDisk,
        String encoder,
        int dim,
        long version) {
}
