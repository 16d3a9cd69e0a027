use super::*;

#[test]
fn escapes_markup() {
    assert_eq!(
        esc("<script>a & b</script> ]]> -->"),
        "&lt;script&gt;a &amp; b&lt;/script&gt; ]]&gt; --&gt;"
    );
    let mut a = String::new();
    attr(&mut a, "say \"hi\"\n");
    assert_eq!(a, "say &quot;hi&quot; ");
}

#[test]
fn links_only_absolute_urls() {
    assert!(linkable("https://www.patreon.com/acTVism"));
    assert!(linkable("mailto:info@example.org"));
    assert!(!linkable("#"));
    assert!(!linkable("javascript:alert(1)"));
    assert!(!linkable("https://"));
}

#[test]
fn encodes_invalid_url_characters() {
    assert_eq!(
        encode_url("https://x.org/a b?q=ü&x=%41%zz"),
        "https://x.org/a%20b?q=%C3%BC&x=%41%25zz"
    );
}
