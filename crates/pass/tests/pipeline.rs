//! Pipeline grammar: nesting, options, braces, registered pipelines, canonical text.

mod common;

use neuron_pass::{parse_pipeline, Anchor, OptionValue, Pipeline, PipelineElement};

fn canon(text: &str) -> String {
    match parse_pipeline(text) {
        Ok(p) => p.to_inline_text(),
        Err(d) => panic!("{text}: {d}"),
    }
}

fn first_pass_options(text: &str) -> neuron_pass::PassOptions {
    let p = parse_pipeline(text).expect("parses");
    match &p.elements()[0] {
        PipelineElement::Pass(i) => i.options().clone(),
        PipelineElement::Nest(..) => panic!("expected a pass"),
    }
}

const TAG: &str = "test-func-tag{name=visited}";

#[test]
fn short_form_is_module_level() {
    assert_eq!(
        canon("test-noop,test-func-tag"),
        format!("builtin.module(test-noop,{TAG})")
    );
    assert_eq!(
        canon(" test-noop , test-noop "),
        "builtin.module(test-noop,test-noop)"
    );
}

#[test]
fn anchored_forms() {
    let want = format!("builtin.module(test-noop,func.func({TAG},test-noop))");
    assert_eq!(
        canon("builtin.module(test-noop,func.func(test-func-tag,test-noop))"),
        want
    );
    assert_eq!(canon("test-noop,func.func(test-func-tag,test-noop)"), want);
    assert_eq!(
        canon("func.func(test-noop)"),
        "builtin.module(func.func(test-noop))"
    );
    assert_eq!(canon("any(test-noop)"), "builtin.module(test-noop)");
    assert_eq!(
        canon("builtin.module(any(test-noop,test-module-tag))"),
        "builtin.module(any(test-noop,test-module-tag{tag=t}))"
    );
    assert_eq!(
        canon("builtin.module( func.func( test-noop ) , test-noop )"),
        "builtin.module(func.func(test-noop),test-noop)"
    );
}

#[test]
fn nest_structure() {
    let p = parse_pipeline("test-noop,func.func(test-noop,test-func-tag)").unwrap();
    assert_eq!(p.elements().len(), 2);
    assert_eq!(p.num_passes(), 3);
    match &p.elements()[1] {
        PipelineElement::Nest(Anchor::Func, inner) => assert_eq!(inner.len(), 2),
        _ => panic!("expected a func.func nest"),
    }
}

#[test]
fn empty_pipelines() {
    for text in ["", "   ", "builtin.module()", "builtin.module( )", "any()"] {
        let p = parse_pipeline(text).unwrap();
        assert!(p.is_empty(), "{text}");
        assert_eq!(p.to_text(), "builtin.module(\n\n)");
    }
    assert!(Pipeline::empty().is_empty());
    assert!(!parse_pipeline("test-noop").unwrap().is_empty());
}

#[test]
fn extend_appends() {
    let mut p = parse_pipeline("test-noop").unwrap();
    p.extend(parse_pipeline("func.func(test-func-tag)").unwrap());
    p.extend(Pipeline::empty());
    assert_eq!(
        p.to_inline_text(),
        format!("builtin.module(test-noop,func.func({TAG}))")
    );
}

#[test]
fn options_of_every_kind() {
    let o = first_pass_options("test-options{level=7 flag mode=slow names=a,b label=hi}");
    assert_eq!(o.int("level"), 7);
    assert!(o.bool("flag"));
    assert_eq!(o.str("mode"), "slow");
    assert_eq!(o.list("names"), ["a", "b"]);
    assert_eq!(o.str("label"), "hi");
    let d = first_pass_options("test-options");
    assert_eq!(d.int("level"), 3);
    assert!(!d.bool("flag"));
    assert_eq!(d.list("names"), [] as [String; 0]);
    let last = first_pass_options("test-options{level=1 level=2 flag=false}");
    assert_eq!(last.int("level"), 2);
    assert!(!last.bool("flag"));
    assert_eq!(first_pass_options("test-options{}").int("level"), 3);
}

#[test]
fn braces_and_quotes_in_values() {
    let o = first_pass_options("test-options{names={a,b} label={two words}}");
    assert_eq!(o.list("names"), ["a", "b"]);
    assert_eq!(o.str("label"), "two words");
    let o = first_pass_options("test-options{names={{x,y},z} label=\"q } r\"}");
    assert_eq!(o.list("names"), ["x,y", "z"]);
    assert_eq!(o.str("label"), "q } r");
    let o = first_pass_options("test-options{label={a{b}c} names={}}");
    assert_eq!(o.str("label"), "a{b}c");
    assert!(o.list("names").is_empty());
    let o = first_pass_options("test-options { level=4 }");
    assert_eq!(o.int("level"), 4);
}

#[test]
fn canonical_text_layout() {
    let p = parse_pipeline("test-options{level=5},func.func(test-noop,test-func-tag)").unwrap();
    let want = "builtin.module(\n  test-options{flag=false label=x level=5 mode=fast names={}},\n  func.func(\n    test-noop,\n    test-func-tag{name=visited}\n  )\n)";
    assert_eq!(p.to_text(), want);
    assert_eq!(
        p.dump_text(),
        format!("Pass Manager with 2 passes:\n{want}\n\n")
    );
}

#[test]
fn canonical_text_round_trips() {
    let cases = [
        "test-noop,func.func(test-func-tag{name=a},test-noop),any(test-module-tag)",
        "test-options{names={{x,y},z,{}} label={two words}}",
        "test-options{label=\"un{balanced\" names=a}",
        "test-options{label={{braced}}}",
        "test-options{label={}}",
        "test-alias,test-alias-func",
        "builtin.module()",
    ];
    for text in cases {
        let p = parse_pipeline(text).unwrap();
        for printed in [p.to_text(), p.to_inline_text()] {
            let again = parse_pipeline(&printed).unwrap_or_else(|d| panic!("{printed}: {d}"));
            assert_eq!(again.to_text(), p.to_text(), "{text}");
            assert_eq!(again.elements().len(), p.elements().len(), "{text}");
        }
    }
}

#[test]
fn round_trip_preserves_option_values() {
    let text = "test-options{names={{x,y},z,{}} label={{braced}}}";
    let p = parse_pipeline(text).unwrap();
    let again = parse_pipeline(&p.to_text()).unwrap();
    let get = |p: &Pipeline| match &p.elements()[0] {
        PipelineElement::Pass(i) => i.options().clone(),
        _ => unreachable!(),
    };
    assert_eq!(get(&again), get(&p));
    assert_eq!(
        get(&p).get("names"),
        Some(&OptionValue::List(vec![
            "x,y".into(),
            "z".into(),
            String::new()
        ]))
    );
    assert_eq!(get(&p).str("label"), "{braced}");
}

#[test]
fn registered_pipelines_expand_in_place() {
    assert_eq!(
        canon("test-module-tag,test-alias"),
        format!("builtin.module(test-module-tag{{tag=t}},{TAG},test-noop)")
    );
    assert_eq!(
        canon("func.func(test-alias)"),
        format!("builtin.module(func.func({TAG},test-noop))")
    );
    assert_eq!(
        canon("test-alias-func"),
        "builtin.module(func.func(test-func-tag{name=a}))"
    );
    assert_eq!(
        canon("builtin.module(test-alias-anchored)"),
        "builtin.module(test-module-tag{tag=t})"
    );
}

#[test]
fn pass_instance_accessors() {
    let p = parse_pipeline("test-func-tag{name=z}").unwrap();
    let PipelineElement::Pass(i) = &p.elements()[0] else {
        panic!("expected a pass")
    };
    assert_eq!(i.argument(), "test-func-tag");
    assert_eq!(i.name(), "TestFuncTag");
    assert!(i.pass().is_function_pass());
    assert_eq!(i.to_text(), "test-func-tag{name=z}");
    assert_eq!(format!("{p:?}"), "builtin.module(test-func-tag{name=z})");
}
