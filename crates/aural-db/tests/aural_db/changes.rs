use aural_core::{BookSource, BookStatus, ChangeOp, Entity, Timestamp};

use crate::support::{T0, book, open};

#[tokio::test]
async fn writes_append_change_rows_in_order_and_old_rows_are_pruned() {
    let t = open().await;
    assert_eq!(t.db.changes().latest_seq().await.expect("seq"), 0);
    let out =
        t.db.books()
            .upsert_batch(
                &[book("One", &["A"]), book("Two", &["B"])],
                &BookSource::list_import(),
                BookStatus::Owned,
            )
            .await
            .expect("import");
    t.clock.set(T0 + 1_000);
    let mut changed = book("One", &["A"]);
    changed.details.runtime_min = Some(5);
    t.db.books()
        .upsert_batch(&[changed], &BookSource::list_import(), BookStatus::Owned)
        .await
        .expect("update");

    let all = t.db.changes().since(0, 100).await.expect("since");
    let rows: Vec<(Entity, String, ChangeOp)> = all
        .iter()
        .map(|c| (c.entity, c.entity_id.clone(), c.op))
        .collect();
    assert_eq!(
        rows,
        [
            (Entity::Book, out.ids[0].to_string(), ChangeOp::Insert),
            (Entity::Book, out.ids[1].to_string(), ChangeOp::Insert),
            (Entity::Book, out.ids[0].to_string(), ChangeOp::Update),
        ]
    );
    assert!(
        all.windows(2).all(|w| w[0].seq < w[1].seq),
        "sequence numbers increase"
    );
    assert_eq!(
        t.db.changes()
            .since(all[1].seq, 100)
            .await
            .expect("since")
            .len(),
        1,
        "tailing returns only newer rows"
    );
    assert_eq!(
        t.db.changes().since(0, 2).await.expect("since").len(),
        2,
        "the limit is honoured"
    );

    assert_eq!(
        t.db.changes()
            .prune_before(Timestamp(T0 + 1))
            .await
            .expect("prune"),
        2
    );
    let latest = t.db.changes().latest_seq().await.expect("seq");
    assert_eq!(
        latest, all[2].seq,
        "pruning keeps the newest row and its sequence number"
    );
}
