package fakebank.metadata.c2pa;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * The claim signature of one manifest as checked offline: {@code status} ok, failed or not_checked (an algorithm
 * C2PA does not allow), the signing certificate's subject and issuer, and what can be said about trust without
 * the C2PA trust list: never more than "untrusted".
 */
record SignatureCheck(String status, String signer, String issuer, String algorithm, String trust) {
    static final String UNTRUSTED = "untrusted: no C2PA trust list is consulted offline";

    /** Verifies the {@code c2cs} box's COSE_Sign1 over the claim; failures and notes are added to the lists. */
    static SignatureCheck of(byte[] s, Jumbf sigBox, byte[] claim, List<String> failures, List<String> notes) {
        Box cbor = sigBox == null ? null : sigBox.content("cbor");
        if (cbor == null) {
            failures.add("claimSignature.missing");
            return new SignatureCheck(ManifestCheck.FAILED, null, null, null, UNTRUSTED);
        }
        CoseSign1.Result r = CoseSign1.verify(Arrays.copyOfRange(s, cbor.body(), cbor.end()), claim);
        String signer = null;
        String issuer = null;
        String trust = UNTRUSTED;
        if (!r.chain().isEmpty()) {
            X509Certificate leaf = r.chain().getFirst();
            signer = shortName(leaf.getSubjectX500Principal().getName());
            issuer = shortName(leaf.getIssuerX500Principal().getName());
            if (!CoseSign1.chainConsistent(r.chain())) {
                trust = "untrusted: the embedded certificate chain does not link up";
            }
            credentialDates(leaf, r.timestamped(), failures, notes);
        }
        String status;
        if (r.verified()) {
            status = ManifestCheck.OK;
        } else if ("algorithm.unsupported".equals(r.error())) {
            status = ManifestCheck.NOT_CHECKED;
            notes.add(r.detail());
        } else {
            status = ManifestCheck.FAILED;
            failures.add(r.error());
            notes.add(r.detail());
        }
        return new SignatureCheck(status, signer, issuer, r.algorithm(), trust);
    }

    private static void credentialDates(X509Certificate leaf, boolean timestamped, List<String> failures,
                                        List<String> notes) {
        Date now = new Date();
        if (!now.after(leaf.getNotAfter())) {
            return;
        }
        if (timestamped) {
            notes.add("signing certificate expired " + leaf.getNotAfter().toInstant()
                    + "; a time-stamp is present but not verified offline");
        } else {
            failures.add("signingCredential.expired");
            notes.add("signing certificate expired " + leaf.getNotAfter().toInstant() + " and there is no time-stamp");
        }
    }

    /** "CN=Adobe C2PA, O=Adobe Inc." out of a full distinguished name; the full name when it has neither. */
    static String shortName(String dn) {
        try {
            List<String> parts = new ArrayList<>();
            for (String type : List.of("CN", "O")) {
                for (javax.naming.ldap.Rdn rdn : new javax.naming.ldap.LdapName(dn).getRdns().reversed()) {
                    if (rdn.getType().equalsIgnoreCase(type)) {
                        parts.add(type + "=" + rdn.getValue());
                        break;
                    }
                }
            }
            return parts.isEmpty() ? dn : String.join(", ", parts);
        } catch (javax.naming.InvalidNameException | RuntimeException e) {
            return dn;
        }
    }
}
