//! `reskontra mail prepare | export | send` over the demo company's backup.

use std::fs;
use std::path::Path;
use std::process::Command;

use reskontra_core::ledger::backup::from_json;
use reskontra_core::mailings::EmailStatus;
use reskontra_core::Ledger;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_reskontra")).args(args).current_dir(dir).output().expect("the binary runs");
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn load(path: &Path) -> Ledger {
    from_json(&fs::read_to_string(path).expect("file exists")).expect("a sound backup")
}

fn demo(dir: &Path) {
    let (code, _, err) = run(dir, &["demo", "--seed", "1", "--customers", "60", "--invoices", "200", "-o", "demo.json"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_dry_run_says_who_gets_what_and_who_gets_nothing() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let (code, out, err) = run(dir.path(), &["mail", "prepare", "demo.json", "--mailing", "INVOICE", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Bcc Kari Selger <kari.selger@nordlysdemo.no>"), "{out}");
    assert!(out.contains("nothing: Customer") && out.contains("has no usable recipient: customer contact has no email address"), "{out}");
    assert!(out.lines().any(|l| l.contains("; HTML")), "{out}");
    // Norwegian customers get Norwegian subjects.
    assert!(out.contains("\"Faktura INV"), "{out}");
    assert!(out.lines().last().unwrap_or_default().ends_with("would be queued"), "{out}");
    assert_eq!(load(&dir.path().join("demo.json")).emails.len(), 0, "a dry run changes nothing");
}

#[test]
fn prepare_queues_emails_with_pdfs_and_export_writes_eml_files_python_reads() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let (code, out, err) = run(dir.path(), &["mail", "prepare", "demo.json", "--mailing", "INVOICE", "-o", "queued.json"]);
    assert_eq!(code, 0, "{err}");
    let queued = load(&dir.path().join("queued.json"));
    let count = queued.emails.len();
    assert!(out.contains(&format!("queued {count} email(s)")), "{out}");
    assert!(count > 10);
    assert!(queued.emails.values().all(|e| e.status == EmailStatus::Pending));
    let with_pdf = queued.emails.values().find(|e| e.attachments.iter().any(|a| a.mime == "application/pdf")).expect("a PDF attachment");
    assert!(with_pdf.attachments[0].bytes.starts_with(b"%PDF-"));
    for email in queued.emails.values() {
        let doc = &queued.documents[&email.document.expect("a document")];
        assert!(doc.emailed, "{} is marked emailed", doc.ref_nbr);
    }
    // Nothing is queued twice: the documents left the list.
    let (_, out, _) = run(dir.path(), &["mail", "prepare", "queued.json", "--mailing", "INVOICE", "--dry-run"]);
    assert!(out.contains("0 email(s) would be queued"), "{out}");

    let (code, out, err) = run(dir.path(), &["mail", "export", "queued.json", "--out-dir", "eml", "-o", "exported.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&format!("exported {count} email(s)")), "{out}");
    let exported = load(&dir.path().join("exported.json"));
    assert!(exported.emails.values().all(|e| e.status.label() == "Exported"));
    let script = r#"
import sys, email, email.policy, pathlib
n = 0
for path in pathlib.Path(sys.argv[1]).glob('*.eml'):
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    defects = list(msg.defects) + [d for part in msg.walk() for d in part.defects]
    assert not defects, (path.name, defects)
    assert msg['Message-ID'].endswith('@nordlysdemo.no>'), msg['Message-ID']
    n += 1
print(n)
"#;
    let python = std::env::var("RESKONTRA_PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(python).arg("-c").arg(script).arg(dir.path().join("eml")).output().expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), count.to_string());
}

#[test]
fn a_relay_that_does_not_answer_leaves_the_emails_failed_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    let (code, _, err) = run(dir.path(), &["mail", "prepare", "demo.json", "--mailing", "INVOICE", "--customer", "10054", "-o", "queued.json"]);
    assert_eq!(code, 0, "{err}");
    // A port nothing listens on: bind one, then free it.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (code, out, err) = run(dir.path(), &["mail", "send", "queued.json", "--relay", &format!("http://127.0.0.1:{port}"), "-o", "sent.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sent 0, failed"), "{out}");
    let sent = load(&dir.path().join("sent.json"));
    assert!(!sent.emails.is_empty());
    for email in sent.emails.values() {
        match &email.status {
            EmailStatus::Failed { reason, .. } => assert!(!reason.is_empty()),
            other => panic!("expected Failed, got {other:?}"),
        }
    }
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    demo(dir.path());
    for (args, expected) in [
        (vec!["mail", "prepare", "demo.json", "--mailing", "NOPE", "-o", "x.json"], "no mailing NOPE in demo.json"),
        (vec!["mail", "prepare", "demo.json", "--mailing", "INVOICE", "--customer", "99999", "-o", "x.json"], "no customer 99999"),
        (vec!["mail", "prepare", "demo.json", "--mailing", "INVOICE"], "give -o FILE"),
        (vec!["mail", "export", "missing.json", "--out-dir", "eml"], "cannot read missing.json"),
    ] {
        let (code, _, err) = run(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert!(!dir.path().join("x.json").exists());
}
