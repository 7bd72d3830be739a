//! Tests of `Config`: pipeline text from `--pass-pipeline` or pass flags, and input decoding.

use neuron_driver::input::decode;
use neuron_driver::{Config, DriverError, PassFlag};

fn flag(name: &str, options: Option<&str>) -> PassFlag {
    PassFlag {
        name: name.to_string(),
        options: options.map(str::to_string),
    }
}

#[test]
fn no_pipeline_by_default() {
    assert_eq!(Config::default().pipeline_text().unwrap(), None);
    assert!(Config::default().verify_each);
    assert_eq!(Config::default().input, "-");
}

#[test]
fn pass_flags_join_in_order() {
    let c = Config {
        pass_flags: vec![
            flag("cse", None),
            flag("canonicalize", Some("max-iterations=2")),
        ],
        ..Config::default()
    };
    assert_eq!(
        c.pipeline_text().unwrap().as_deref(),
        Some("cse,canonicalize{max-iterations=2}")
    );
}

#[test]
fn pass_pipeline_text_is_used_as_is() {
    let c = Config {
        pass_pipeline: Some("builtin.module(cse)".into()),
        ..Config::default()
    };
    assert_eq!(
        c.pipeline_text().unwrap().as_deref(),
        Some("builtin.module(cse)")
    );
}

#[test]
fn pass_pipeline_and_pass_flags_conflict() {
    let c = Config {
        pass_pipeline: Some("cse".into()),
        pass_flags: vec![flag("cse", None)],
        ..Config::default()
    };
    let e = c.pipeline_text().unwrap_err();
    assert!(matches!(e, DriverError::PipelineConflict));
    assert_eq!(
        e.to_string(),
        "'--pass-pipeline' option can't be used with individual pass options"
    );
}

#[test]
fn invalid_utf8_is_located() {
    let e = decode("x.mlir", b"ab\ncd\xffe".to_vec()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "input file 'x.mlir' is not valid UTF-8 (line 2, column 3)"
    );
    assert_eq!(decode("x", b"ok".to_vec()).unwrap(), "ok");
}

#[test]
fn missing_input_names_the_file() {
    let e = neuron_driver::input::read_input("/no/such/file.mlir").unwrap_err();
    assert_eq!(
        e.to_string(),
        "could not open input file '/no/such/file.mlir': No such file or directory"
    );
}
