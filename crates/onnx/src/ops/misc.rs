//! Constants and value plumbing: `Constant`, `Shape` and `Size` of static tensors,
//! `ConstantOfShape`, `Range`, `Cast` / `CastLike`, `Identity`, inference-mode `Dropout`.

use crate::ctx::{Ctx, Slot, SlotId};
use crate::error::Result;
use crate::fold::{self, Host};
use crate::ops::elementwise::cast_slot;
use crate::proto::data_type as dt;
use crate::tensor::{decode_tensor, elem_type, element_count, tensor_type};
use neuron_ir::{Attribute, DenseElements, Scalar};

/// `Constant`: `value` (tensor), `value_float(s)` or `value_int(s)`.
pub fn constant(cx: &mut Ctx) -> Result<Vec<Slot>> {
    for unsupported in ["sparse_value", "value_string", "value_strings"] {
        if cx.has_attr(unsupported) {
            return cx.fail(format!("attribute '{unsupported}' is not supported"));
        }
    }
    let d = if let Some(t) = cx.attr_tensor("value")? {
        let base = cx.imp.base_dir();
        let d = decode_tensor(t, "value", base, &mut cx.imp.narrowed).map_err(|e| cx.err(e))?;
        return Ok(vec![Slot::constant(d, cx.loc.clone())]);
    } else if let Some(v) = cx.attr_float("value_float")? {
        DenseElements::from_f64(tensor_type(&[], Scalar::F32), &[f64::from(v)])
    } else if let Some(v) = cx.attr_floats("value_floats")? {
        let vals: Vec<f64> = v.iter().map(|&x| f64::from(x)).collect();
        DenseElements::from_f64(tensor_type(&[vals.len() as i64], Scalar::F32), &vals)
            .filter(|_| !vals.is_empty())
            .or_else(|| Some(empty(Scalar::F32)))
    } else if let Some(v) = cx.attr_int("value_int")? {
        Some(Host::from_ints(&[], Scalar::I64, &[v]).to_dense())
    } else if let Some(v) = cx.attr_ints("value_ints")? {
        Some(Host::from_ints(&[v.len() as i64], Scalar::I64, &v).to_dense())
    } else {
        return cx.fail("has no value attribute");
    };
    let d = d.ok_or_else(|| cx.err("cannot build the constant"))?;
    Ok(vec![cx.constant(d)])
}

fn empty(elem: Scalar) -> DenseElements {
    DenseElements {
        ty: tensor_type(&[0], elem),
        data: vec![],
    }
}

/// `Shape` of a static tensor, folded to an i64 constant (`start`/`end` from opset 15).
pub fn shape(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let s = cx.shape(x);
    let r = s.len() as i64;
    let clampi = |v: i64| (if v < 0 { v + r } else { v }).clamp(0, r) as usize;
    let start = clampi(cx.int_or("start", 0)?);
    let end = clampi(cx.int_or("end", r)?);
    let dims = if start < end { &s[start..end] } else { &[][..] };
    let h = Host::from_ints(&[dims.len() as i64], Scalar::I64, dims);
    Ok(vec![cx.constant(h.to_dense())])
}

/// `Size` of a static tensor, folded to an i64 scalar.
pub fn size(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let n = cx.ty(x).num_elements() as i64;
    Ok(vec![cx.constant(
        Host::from_ints(&[], Scalar::I64, &[n]).to_dense(),
    )])
}

/// `ConstantOfShape`: a splat of `value` (default f32 0) over the constant shape input.
pub fn constant_of_shape(cx: &mut Ctx) -> Result<Vec<Slot>> {
    cx.req(0)?;
    let dims = cx.const_ints(0, "input")?.unwrap_or_default();
    element_count(&dims).map_err(|e| cx.err(format!("shape {dims:?}: {e}")))?;
    let value = match cx.attr_tensor("value")? {
        Some(t) => decode_tensor(t, "value", None, &mut cx.imp.narrowed).map_err(|e| cx.err(e))?,
        None => fold::dense(&Host {
            shape: vec![1],
            elem: Scalar::F32,
            raw: vec![0],
        }),
    };
    if value.ty.num_elements() != 1 {
        return cx.fail("value must hold exactly one element");
    }
    Ok(vec![cx.constant(fold::splat(&value, &dims))])
}

/// `Range(start, limit, delta)` of constant scalars, folded (integers and f32; f16 and bf16
/// computed in f32 and rounded).
pub fn range(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let args: Vec<_> = (0..3)
        .map(|i| cx.req(i).map(|s| cx.konst(s)))
        .collect::<Result<_>>()?;
    let [Some(s), Some(l), Some(d)] = [&args[0], &args[1], &args[2]] else {
        return cx.fail("start, limit and delta must be constants known at import");
    };
    let elem = s.ty.elem;
    if [s, l, d]
        .iter()
        .any(|k| k.ty.num_elements() != 1 || k.ty.elem != elem)
    {
        return cx.fail("start, limit and delta must be scalars of one element type");
    }
    let h = range_values(
        elem,
        [s.get_f64(0), l.get_f64(0), d.get_f64(0)],
        s.get_i64(0),
        d.get_i64(0),
    )
    .map_err(|e| cx.err(e))?;
    Ok(vec![cx.constant(h.to_dense())])
}

/// The values of `Range`: `[start, limit, delta]` as f64, and start/delta as integers.
fn range_values(elem: Scalar, v: [f64; 3], start: i64, delta: i64) -> Result<Host, String> {
    let [s, l, d] = v;
    if d == 0.0 {
        return Err("delta must not be 0".into());
    }
    if matches!(elem, Scalar::F16 | Scalar::BF16) {
        let h = range_values(Scalar::F32, v, start, delta)?;
        return Ok(fold::cast(&h, elem));
    }
    if !(elem.is_integer() || elem == Scalar::F32) {
        return Err(format!("Range of {elem} is not supported"));
    }
    let n = ((l - s) / d).ceil().max(0.0);
    if n > fold::FOLD_LIMIT as f64 || n.is_nan() {
        return Err(format!("Range of {n} elements is too large to fold"));
    }
    let n = n as i64;
    if elem.is_integer() {
        let vals: Vec<i64> = (0..n)
            .map(|i| start.wrapping_add(i.wrapping_mul(delta)))
            .collect();
        return Ok(Host::from_ints(&[n], elem, &vals));
    }
    let (s, d) = (s as f32, d as f32);
    let raw = (0..n)
        .map(|i| u64::from((s + i as f32 * d).to_bits()))
        .collect();
    Ok(Host {
        shape: vec![n],
        elem,
        raw,
    })
}

/// `Cast {to}` → `nn.cast` (forwarded when the type does not change; folded on constants).
pub fn cast(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let Some(to) = cx.attr_int("to")? else {
        return cx.fail("requires attribute 'to'");
    };
    let code = i32::try_from(to).unwrap_or(dt::UNDEFINED);
    let to = elem_type(code).map_err(|e| cx.err(format!("to: {e}")))?;
    if code == dt::DOUBLE {
        tracing::warn!(node = %cx.label, "Cast to DOUBLE is imported as a cast to f32");
    }
    if to == Scalar::F8E8M0FNU {
        return Ok(vec![cast_e8m0(cx, x)?]);
    }
    let x = saturated(cx, x, to)?;
    Ok(vec![cast_slot(cx, x, to)?])
}

/// A cast to FLOAT8E8M0 with the node's `round_mode` (default "up") and `saturate` (default 1).
fn cast_e8m0(cx: &mut Ctx, x: SlotId) -> Result<Slot> {
    let mode = cx.str_or("round_mode", "up")?;
    if neuron_nn::cast::E8M0Round::parse(&mode).is_none() {
        return cx.fail(format!("round_mode '{mode}' must be up, down or nearest"));
    }
    let saturate = cx.int_or("saturate", 1)? != 0;
    let attrs = vec![
        ("round_mode", Attribute::string(&mode)),
        ("saturate", Attribute::Bool(saturate)),
    ];
    let ty = tensor_type(&cx.ty(x).shape, Scalar::F8E8M0FNU);
    cx.emit1("nn.cast", x, ty, attrs)
}

/// The input of a cast to `to`, clipped to ±(the largest finite value of `to`) when `to` is an
/// 8-bit float and `saturate` (opset 19, default 1) is set: ONNX then saturates out-of-range
/// values and ±Inf instead of giving NaN/Inf (NaN stays NaN through `nn.clip`).
fn saturated(cx: &mut Ctx, x: SlotId, to: Scalar) -> Result<SlotId> {
    let max = match to {
        Scalar::F8E4M3FN => 448.0,
        Scalar::F8E5M2 | Scalar::F8E5M2FNUZ => 57344.0,
        Scalar::F8E4M3FNUZ => 240.0,
        _ => return Ok(x),
    };
    if !cx.elem(x).is_float() || cx.int_or("saturate", 1)? == 0 {
        return Ok(x);
    }
    let attrs = vec![
        ("min", Attribute::float(-max, Scalar::F32)),
        ("max", Attribute::float(max, Scalar::F32)),
    ];
    let clipped = cx.emit1("nn.clip", x, cx.ty(x), attrs)?;
    Ok(cx.add_slot(clipped))
}

/// `CastLike(x, like)`: `Cast` to the element type of `like`.
pub fn cast_like(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let (x, like) = (cx.req(0)?, cx.req(1)?);
    let to = cx.elem(like);
    if to == Scalar::F8E8M0FNU {
        return Ok(vec![cast_e8m0(cx, x)?]);
    }
    let x = saturated(cx, x, to)?;
    Ok(vec![cast_slot(cx, x, to)?])
}

/// `Identity`: the input itself.
pub fn identity(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    Ok(vec![cx.slot(x).clone()])
}

/// `Dropout`: the input itself, at inference (`training_mode` false or absent) or with a
/// constant `ratio` of 0 (nothing is dropped); the optional mask output is then all true
/// (`i1`; before opset 10, ones of the input type). Random dropout is not supported.
pub fn dropout(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    if cx.opset >= 12 && cx.input(2).is_some() {
        let training = cx.konst(cx.req(2)?);
        match training.map(|k| (k.ty.num_elements() == 1).then(|| k.get_i64(0))) {
            Some(Some(0)) => {}
            Some(Some(_)) => check_zero_ratio(cx)?,
            Some(None) => return cx.fail("training_mode must be a scalar"),
            None => {
                return cx.fail(format!(
                    "input 'training_mode' ('{}') must be a constant known at import; it is \
                     computed at run time",
                    cx.node.input[2]
                ))
            }
        }
    }
    let mut outs = vec![cx.slot(x).clone()];
    if cx.node.output.get(1).is_some_and(|n| !n.is_empty()) {
        let v = if cx.opset >= 10 {
            Host::from_ints(&[], Scalar::I1, &[1]).to_dense()
        } else {
            DenseElements::from_f64(tensor_type(&[], cx.elem(x)), &[1.0])
                .ok_or_else(|| cx.err("mask constant"))?
        };
        outs.push(cx.constant(fold::splat(&v, &cx.shape(x))));
    }
    Ok(outs)
}

/// In training mode, dropout is the identity only for a constant `ratio` of 0.
fn check_zero_ratio(cx: &Ctx) -> Result<()> {
    let Some(r) = cx.input(1) else {
        return cx.fail(
            "training_mode = true with the default ratio 0.5: random dropout is not supported",
        );
    };
    if cx.konst(r).is_none() {
        return cx.fail(format!(
            "input 'ratio' ('{}') must be a constant known at import; it is computed at run time \
             (training_mode = true is supported for ratio 0 only)",
            cx.node.input[1]
        ));
    }
    match cx.const_scalar_f64(1) {
        Some(0.0) => Ok(()),
        v => cx.fail(format!(
            "training_mode = true with ratio {}: random dropout is not supported (ratio 0 only)",
            v.map_or("?".into(), |v| v.to_string())
        )),
    }
}
