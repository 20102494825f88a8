package fakebank.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fakebank.bank.Family;
import fakebank.bank.Label;
import fakebank.provenance.KnownCopy;
import fakebank.provenance.MatchType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one rule by which a known image decides a verdict, for copies of fakes that are whole and edited images. */
class KnownImageRuleTest {
    private static final Verdict SCORED = new Verdict(Decision.UNSURE, 0.4, 0.4, 0.4, 0.5, 0.1, 0.9,
            Attribution.NONE, List.of(), null, null, List.of(new Reason(Reason.SCORE, "between the thresholds")));

    private static KnownCopy known(Label label, Family family, String generator, MatchType type, Double cosine) {
        return new KnownCopy("e1", type, label, generator, family, "src", cosine, type == MatchType.PDQ ? 12 : null,
                null, false);
    }

    @Test
    void aLooseCopyOfAWhollyGeneratedFakeIsFake() {
        for (MatchType type : new MatchType[] {MatchType.NEAR, MatchType.PDQ}) {
            Verdict v = SCORED.decidedBy(known(Label.FAKE, Family.DIFFUSION, "stable-diffusion-1.5", type, 0.975));
            assertEquals(Decision.FAKE, v.verdict(), type.json());
            assertTrue(v.pFake() >= 0.99);
            assertEquals("stable-diffusion-1.5", v.attribution().generator());
        }
    }

    @Test
    void anImageCloseToAKnownFaceSwapMayBeThePhotoItWasMadeFromSoItIsUnsure() {
        // the SimSwap case: the un-swapped input photo has cosine 0.983 to its banked swap
        Verdict v = SCORED.decidedBy(known(Label.FAKE, Family.FACE_SWAP, "SimSwap face swap", MatchType.NEAR, 0.983));
        assertEquals(Decision.UNSURE, v.verdict());
        assertEquals(0.4, v.pFake(), 1e-9, "the score is not overruled");
        assertEquals(Attribution.NONE, v.attribution());
        assertEquals("e1", v.knownMatch(), "the match stays as evidence");
        assertEquals(Reason.KNOWN_MATCH, v.reasonCodes().getFirst());
        assertTrue(v.reasons().getFirst().detail().contains("photo it was made from"), v.reasons().toString());
        Verdict edit = SCORED.decidedBy(known(Label.FAKE, Family.OTHER,
                "ChatGPT image generation - AI edit of a real photo", MatchType.PDQ, 0.9));
        assertEquals(Decision.UNSURE, edit.verdict());
    }

    @Test
    void theSameImageAsAKnownFaceSwapIsFake() {
        assertEquals(Decision.FAKE, SCORED.decidedBy(known(Label.FAKE, Family.FACE_SWAP, "roop", MatchType.EXACT,
                1.0)).verdict());
        assertEquals(Decision.FAKE, SCORED.decidedBy(known(Label.FAKE, Family.FACE_SWAP, "roop", MatchType.NEAR,
                0.997)).verdict());
    }

    @Test
    void aLooseCopyOfAKnownRealIsUnsureAndTheSamePhotoIsReal() {
        assertEquals(Decision.UNSURE, SCORED.decidedBy(known(Label.REAL, Family.UNKNOWN, null, MatchType.NEAR, 0.98))
                .verdict());
        assertEquals(Decision.REAL, SCORED.decidedBy(known(Label.REAL, Family.UNKNOWN, null, MatchType.NEAR, 0.996))
                .verdict());
    }

    @Test
    void editsOfPhotosAreToldFromWhollyGeneratedImagesByFamilyOrGeneratorName() {
        assertTrue(Family.editsAPhoto(Family.FACE_SWAP, null));
        assertTrue(Family.editsAPhoto(Family.OTHER, "inswapper_128 face swap (insightface)"));
        assertTrue(Family.editsAPhoto(Family.DIFFUSION, "stable-diffusion-2 inpainting"));
        assertTrue(Family.editsAPhoto(Family.OTHER, "Gemini image generation - AI edit of a real photo"));
        assertFalse(Family.editsAPhoto(Family.DIFFUSION, "stable-diffusion-1.5 + realesrgan-x4plus"));
        assertFalse(Family.editsAPhoto(Family.GAN, "stylegan2"));
        assertFalse(Family.editsAPhoto(Family.UNKNOWN, null));
        assertFalse(Family.editsAPhoto(Family.OTHER, "credited photo editor's pick"), "words, not substrings");
    }

}
