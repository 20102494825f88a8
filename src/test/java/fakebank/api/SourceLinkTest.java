package fakebank.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SourceLinkTest {
    @Test
    void github_source_becomes_a_blob_link_and_keeps_its_crop_note() {
        SourceLink s = SourceLink.of("github:google/dreambooth@4f887af7970a:dataset/cat/03.jpg [crop x=12, tile 1]");
        assertEquals("https://github.com/google/dreambooth/blob/4f887af7970a/dataset/cat/03.jpg", s.url());
        assertEquals("github:google/dreambooth@4f887af7970a:dataset/cat/03.jpg", s.text());
        assertEquals("crop x=12, tile 1", s.note());
    }

    @Test
    void debian_package_source_links_to_the_package() {
        SourceLink s = SourceLink.of("debian:opencv-doc_4.6.0+dfsg-12_all.deb:/usr/share/doc/opencv-doc/examples/data/graf1.png");
        assertEquals("https://tracker.debian.org/pkg/opencv-doc", s.url());
        assertNull(s.note());
    }

    @Test
    void plain_https_url_is_its_own_link() {
        assertEquals("https://example.org/a.png", SourceLink.of("https://example.org/a.png").url());
    }

    @Test
    void free_text_and_script_urls_are_never_links() {
        assertNull(SourceLink.of("seen on a forum, 2026-11-01").url());
        assertNull(SourceLink.of("javascript:alert(1)").url());
        assertNull(SourceLink.of("github:bad owner/repo@zz:path").url());
        assertNull(SourceLink.of("  "));
        assertNull(SourceLink.of(null));
    }
}
