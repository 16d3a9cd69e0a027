use super::*;

fn words(n: usize, w: f32) -> Vec<Item> {
    let mut items = Vec::new();
    for i in 0..n {
        if i > 0 {
            items.push(Item::Glue {
                width: 3.0,
                stretch: 1.5,
                shrink: 1.0,
            });
        }
        items.push(Item::Box { width: w });
    }
    items.push(Item::Penalty {
        width: 0.0,
        penalty: INFINITY,
        flagged: false,
    });
    items.push(Item::Glue {
        width: 0.0,
        stretch: INFINITY,
        shrink: 0.0,
    });
    items.push(Item::Penalty {
        width: 0.0,
        penalty: -INFINITY,
        flagged: false,
    });
    items
}

#[test]
fn breaks_into_lines_that_fit() {
    let items = words(40, 20.0);
    let breaks = break_lines(&items, 110.0);
    assert!(breaks.len() >= 8, "{breaks:?}");
    assert_eq!(breaks.last().map(|b| b.index), Some(items.len() - 1));
    for b in &breaks[..breaks.len() - 1] {
        assert!(b.ratio >= -1.0 && b.ratio <= 2.0, "{b:?}");
    }
}

#[test]
fn a_box_wider_than_the_line_still_breaks() {
    let mut items = words(3, 20.0);
    items.insert(
        0,
        Item::Glue {
            width: 3.0,
            stretch: 1.5,
            shrink: 1.0,
        },
    );
    items.insert(0, Item::Box { width: 500.0 });
    let breaks = break_lines(&items, 100.0);
    assert!(!breaks.is_empty());
    assert_eq!(breaks.last().map(|b| b.index), Some(items.len() - 1));
}

#[test]
fn first_fit_is_the_last_resort() {
    let items = words(10, 30.0);
    let breaks = greedy(&items, 100.0);
    // Three 30-point words and two 3-point spaces fit in 100 points.
    assert_eq!(
        breaks.iter().map(|b| b.index).collect::<Vec<_>>(),
        vec![5, 11, 17, items.len() - 1]
    );
}
