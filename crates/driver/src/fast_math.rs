//! The Neuron compilers' own precision flags, expanded into pass pipelines:
//! neuron-cc's `--fast-math "…"` and deprecated `--fp32-cast`, and neuronx-cc's `--auto-cast`,
//! `--auto-cast-type`, `--enable/disable-mixed-precision-accumulation` and
//! `--enable-saturate-infinity`.

use crate::DriverError;

/// The precision flags as given on the command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FastMathFlags {
    /// Every `--fast-math` value, in order (each flag's text split at white space).
    pub fast_math: Vec<String>,
    /// `--fp32-cast VALUE` (deprecated; the right-most one).
    pub fp32_cast: Option<String>,
    /// `--auto-cast MODE` (the right-most one).
    pub auto_cast: Option<String>,
    /// `--auto-cast-type TYPE` (the right-most one).
    pub auto_cast_type: Option<String>,
    /// `--enable-mixed-precision-accumulation` (true) / `--disable-…` (false), right-most wins.
    pub mixed_precision_accumulation: Option<bool>,
    /// `--enable-saturate-infinity`.
    pub saturate_infinity: bool,
}

/// The values `--fast-math` accepts, by group: a list may hold at most one value of each group.
const GROUPS: [(&str, &[&str]); 3] = [
    ("all/none", &["all", "none"]),
    (
        "fp32-cast",
        &[
            "fp32-cast-all",
            "fp32-cast-all-fp16",
            "fp32-cast-matmult",
            "fp32-cast-matmult-bf16",
            "fp32-cast-matmult-fp16",
        ],
    ),
    ("relayout", &["fast-relayout", "no-fast-relayout"]),
];

/// The values `--fp32-cast` accepts.
const FP32_CAST_VALUES: [&str; 5] = ["all", "matmult", "matmult-fp16", "matmult-bf16", "all-fp16"];

/// What the flags expand to: pipeline elements to run first, and warnings to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// Pipeline text (module level), or `None` when no precision flag was given.
    pub pipeline: Option<String>,
    /// Warnings (deprecated flags).
    pub warnings: Vec<String>,
}

impl FastMathFlags {
    /// True if any precision flag was given.
    pub fn any(&self) -> bool {
        !self.fast_math.is_empty()
            || self.fp32_cast.is_some()
            || self.auto_cast.is_some()
            || self.auto_cast_type.is_some()
            || self.mixed_precision_accumulation.is_some()
            || self.saturate_infinity
    }

    /// Expands the flags into a pipeline (followed by `canonicalize`, which narrows weights).
    pub fn expand(&self) -> Result<Expansion, DriverError> {
        if !self.any() {
            return Ok(Expansion::default());
        }
        let neuron_cc = !self.fast_math.is_empty() || self.fp32_cast.is_some();
        let neuronx_cc = self.auto_cast.is_some() || self.auto_cast_type.is_some();
        if neuron_cc && neuronx_cc {
            return Err(invalid(
                "--fast-math/--fp32-cast (neuron-cc) and --auto-cast/--auto-cast-type (neuronx-cc) \
                 cannot be combined",
            ));
        }
        let mut warnings = Vec::new();
        let mut elements = if neuron_cc {
            self.neuron_cc_elements(&mut warnings)?
        } else if neuronx_cc {
            vec![self.auto_cast_element()?]
        } else {
            Vec::new()
        };
        if let Some(enable) = self.mixed_precision_accumulation {
            elements.push(format!("mixed-precision-accumulation{{enable={enable}}}"));
        }
        if self.saturate_infinity {
            elements.push("saturate-infinity".to_string());
        }
        elements.push("canonicalize".to_string());
        Ok(Expansion {
            pipeline: Some(elements.join(",")),
            warnings,
        })
    }

    /// `--fast-math` (+ `--fp32-cast`): the cast pass and the relayout pass.
    fn neuron_cc_elements(&self, warnings: &mut Vec<String>) -> Result<Vec<String>, DriverError> {
        let chosen = choose(&self.fast_math)?;
        let base = chosen[0].unwrap_or("all");
        let mut cast = chosen[1]
            .map(str::to_string)
            .unwrap_or_else(|| default_cast(base).to_string());
        let relayout = chosen[2].unwrap_or(if base == "all" {
            "fast-relayout"
        } else {
            "no-fast-relayout"
        });
        if let Some(v) = &self.fp32_cast {
            if !FP32_CAST_VALUES.contains(&v.as_str()) {
                return Err(invalid(&format!(
                    "invalid --fp32-cast value '{v}'; expected one of {}",
                    quoted(&FP32_CAST_VALUES)
                )));
            }
            cast = format!("fp32-cast-{v}");
            warnings.push(format!("--fp32-cast is deprecated; use --fast-math {cast}"));
        }
        Ok(vec![cast, relayout.to_string()])
    }

    /// `--auto-cast MODE --auto-cast-type TYPE` as one `auto-cast{…}` element.
    fn auto_cast_element(&self) -> Result<String, DriverError> {
        let mode = self.auto_cast.as_deref().unwrap_or("none");
        let ty = self.auto_cast_type.as_deref().unwrap_or("bf16");
        if !["none", "matmult", "matmul", "all"].contains(&mode) {
            return Err(invalid(&format!(
                "invalid --auto-cast value '{mode}'; expected one of 'none', 'matmult' (or 'matmul'), 'all'"
            )));
        }
        if !["bf16", "fp16", "tf32", "fp8_e4m3"].contains(&ty) {
            return Err(invalid(&format!(
                "invalid --auto-cast-type value '{ty}'; expected one of 'bf16', 'fp16', 'tf32', 'fp8_e4m3'"
            )));
        }
        let mode = if mode == "matmul" { "matmult" } else { mode };
        Ok(format!("auto-cast{{mode={mode} type={ty}}}"))
    }
}

/// The value of each group given in a `--fast-math` list; errors name unknown or clashing values.
fn choose(values: &[String]) -> Result<[Option<&str>; 3], DriverError> {
    let mut chosen: [Option<&str>; 3] = [None; 3];
    for v in values {
        let Some(g) = GROUPS
            .iter()
            .position(|(_, vals)| vals.contains(&v.as_str()))
        else {
            let all: Vec<&str> = GROUPS
                .iter()
                .flat_map(|(_, vals)| vals.iter().copied())
                .collect();
            return Err(invalid(&format!(
                "invalid --fast-math value '{v}'; expected one of {}",
                quoted(&all)
            )));
        };
        match chosen[g] {
            Some(prev) if prev != v => {
                return Err(invalid(&format!(
                    "--fast-math values '{prev}' and '{v}' exclude each other (both are {} values)",
                    GROUPS[g].0
                )))
            }
            _ => chosen[g] = Some(v),
        }
    }
    Ok(chosen)
}

/// The cast pass `all` or `none` implies.
fn default_cast(base: &str) -> &'static str {
    if base == "all" {
        "fp32-cast-all"
    } else {
        "fp32-cast-matmult-bf16"
    }
}

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn invalid(msg: &str) -> DriverError {
    DriverError::InvalidOption(msg.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(values: &str) -> FastMathFlags {
        FastMathFlags {
            fast_math: values.split_whitespace().map(str::to_string).collect(),
            ..FastMathFlags::default()
        }
    }

    fn pipeline(f: &FastMathFlags) -> String {
        f.expand().unwrap().pipeline.unwrap()
    }

    #[test]
    fn missing_parts_default_from_all() {
        assert_eq!(
            pipeline(&fm("all")),
            "fp32-cast-all,fast-relayout,canonicalize"
        );
        assert_eq!(
            pipeline(&fm("none")),
            "fp32-cast-matmult-bf16,no-fast-relayout,canonicalize"
        );
        assert_eq!(
            pipeline(&fm("fp32-cast-matmult")),
            "fp32-cast-matmult,fast-relayout,canonicalize"
        );
        assert_eq!(
            pipeline(&fm("fp32-cast-matmult no-fast-relayout")),
            "fp32-cast-matmult,no-fast-relayout,canonicalize"
        );
        assert_eq!(
            pipeline(&fm("none fast-relayout")),
            "fp32-cast-matmult-bf16,fast-relayout,canonicalize"
        );
        assert_eq!(
            pipeline(&fm("all fp32-cast-matmult-fp16")),
            "fp32-cast-matmult-fp16,fast-relayout,canonicalize"
        );
    }

    #[test]
    fn exclusive_and_unknown_values_are_errors() {
        let e = fm("all none").expand().unwrap_err().to_string();
        assert_eq!(
            e,
            "--fast-math values 'all' and 'none' exclude each other (both are all/none values)"
        );
        let e = fm("fp32-cast-all fp32-cast-matmult")
            .expand()
            .unwrap_err()
            .to_string();
        assert!(e.contains("'fp32-cast-all' and 'fp32-cast-matmult'"), "{e}");
        let e = fm("fast-relayout no-fast-relayout")
            .expand()
            .unwrap_err()
            .to_string();
        assert!(e.contains("'fast-relayout' and 'no-fast-relayout'"), "{e}");
        let e = fm("fastest").expand().unwrap_err().to_string();
        assert!(
            e.starts_with("invalid --fast-math value 'fastest'; expected one of 'all', 'none'"),
            "{e}"
        );
        assert_eq!(
            pipeline(&fm("all all")),
            "fp32-cast-all,fast-relayout,canonicalize"
        );
    }

    #[test]
    fn fp32_cast_overrides_the_cast_part_and_warns() {
        let f = FastMathFlags {
            fp32_cast: Some("matmult-fp16".into()),
            ..fm("none")
        };
        let x = f.expand().unwrap();
        assert_eq!(
            x.pipeline.unwrap(),
            "fp32-cast-matmult-fp16,no-fast-relayout,canonicalize"
        );
        assert_eq!(
            x.warnings,
            ["--fp32-cast is deprecated; use --fast-math fp32-cast-matmult-fp16"]
        );
        let bad = FastMathFlags {
            fp32_cast: Some("fp16".into()),
            ..fm("")
        };
        assert!(bad.expand().is_err());
    }

    #[test]
    fn auto_cast_flags() {
        let f = FastMathFlags {
            auto_cast: Some("matmul".into()),
            auto_cast_type: Some("tf32".into()),
            mixed_precision_accumulation: Some(false),
            saturate_infinity: true,
            ..FastMathFlags::default()
        };
        assert_eq!(
            pipeline(&f),
            "auto-cast{mode=matmult type=tf32},mixed-precision-accumulation{enable=false},saturate-infinity,canonicalize"
        );
        let bad = FastMathFlags {
            auto_cast_type: Some("int8".into()),
            ..FastMathFlags::default()
        };
        assert!(bad.expand().unwrap_err().to_string().contains("'int8'"));
        let both = FastMathFlags {
            auto_cast: Some("all".into()),
            ..fm("all")
        };
        assert!(both
            .expand()
            .unwrap_err()
            .to_string()
            .contains("cannot be combined"));
        assert_eq!(
            FastMathFlags::default().expand().unwrap(),
            Expansion::default()
        );
    }
}
