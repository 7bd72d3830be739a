//! Tests of the `-o` output: atomic replacement on success, untouched destination on failure.

use neuron_driver::output::Output;
use std::fs;

fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn dash_writes_to_the_given_stream() {
    let mut sink = Vec::new();
    let mut out = Output::open("-", &mut sink).unwrap();
    out.writer().write_all(b"ir\n").unwrap();
    out.finish(false).unwrap();
    assert_eq!(sink, b"ir\n");
}

#[test]
fn success_creates_the_file_and_leaves_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.mlir");
    let mut sink = Vec::new();
    let mut out = Output::open(dest.to_str().unwrap(), &mut sink).unwrap();
    out.writer().write_all(b"module {\n}\n").unwrap();
    assert!(!dest.exists(), "nothing appears before the run succeeds");
    out.finish(true).unwrap();
    assert_eq!(fs::read_to_string(&dest).unwrap(), "module {\n}\n");
    assert_eq!(entries(dir.path()), vec!["out.mlir"]);
    assert!(sink.is_empty());
}

#[test]
fn failure_leaves_an_existing_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.mlir");
    fs::write(&dest, "old").unwrap();
    let mut sink = Vec::new();
    let mut out = Output::open(dest.to_str().unwrap(), &mut sink).unwrap();
    out.writer().write_all(b"partial").unwrap();
    out.finish(false).unwrap();
    assert_eq!(fs::read_to_string(&dest).unwrap(), "old");
    assert_eq!(entries(dir.path()), vec!["out.mlir"]);
}

#[test]
fn failure_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("new.mlir");
    let mut sink = Vec::new();
    let out = Output::open(dest.to_str().unwrap(), &mut sink).unwrap();
    drop(out);
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn missing_directory_is_an_open_error() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("no/such/out.mlir");
    let mut sink = Vec::new();
    let err = Output::open(dest.to_str().unwrap(), &mut sink)
        .err()
        .unwrap()
        .to_string();
    assert!(err.starts_with("could not open output file '"), "{err}");
    assert!(err.ends_with("': No such file or directory"), "{err}");
}

#[cfg(unix)]
#[test]
fn replacing_keeps_permissions_and_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.mlir");
    fs::write(&target, "old").unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    let link = dir.path().join("link.mlir");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let mut sink = Vec::new();
    let mut out = Output::open(link.to_str().unwrap(), &mut sink).unwrap();
    out.writer().write_all(b"new").unwrap();
    out.finish(true).unwrap();
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[cfg(unix)]
#[test]
fn device_files_are_written_in_place() {
    let mut sink = Vec::new();
    let mut out = Output::open("/dev/null", &mut sink).unwrap();
    out.writer().write_all(b"ir").unwrap();
    out.finish(true).unwrap();
    assert!(!fs::metadata("/dev/null").unwrap().is_file());
}
