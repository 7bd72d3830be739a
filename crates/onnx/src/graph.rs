//! Graph structure checks: every used value is defined exactly once, and the nodes are put
//! in a topological order (the file order when it already is one); cycles are reported.

use crate::error::{ImportError, Result};
use crate::import::node_label;
use crate::proto::GraphProto;
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Who defines a value name.
#[derive(Clone, Copy)]
enum Def {
    /// A graph input or an initializer.
    Outer,
    /// Output of node `i`.
    Node(usize),
}

/// The definition of every value name, or the duplicate definition found.
fn definitions(graph: &GraphProto) -> Result<FxHashMap<&str, Def>> {
    let mut defs: FxHashMap<&str, Def> = FxHashMap::default();
    for name in graph.input.iter().map(|v| &v.name) {
        defs.insert(name, Def::Outer);
    }
    for name in graph.initializer.iter().map(|t| &t.name) {
        defs.insert(name, Def::Outer);
    }
    for (i, node) in graph.node.iter().enumerate() {
        for out in node.output.iter().filter(|o| !o.is_empty()) {
            if let Some(prev) = defs.insert(out, Def::Node(i)) {
                let by = match prev {
                    Def::Outer => "a graph input or initializer".to_string(),
                    Def::Node(j) => format!("node '{}'", node_label(graph, j)),
                };
                return Err(ImportError::Graph(format!(
                    "value '{out}' is defined twice: by {by} and by node '{}' ({})",
                    node_label(graph, i),
                    node.op_type
                )));
            }
        }
    }
    Ok(defs)
}

/// Node indices in an order where every node comes after the producers of its inputs.
pub fn topological_order(graph: &GraphProto) -> Result<Vec<usize>> {
    let defs = definitions(graph)?;
    let n = graph.node.len();
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, node) in graph.node.iter().enumerate() {
        let mut seen = FxHashSet::default();
        for name in node.input.iter().filter(|s| !s.is_empty()) {
            match defs.get(name.as_str()) {
                Some(Def::Node(p)) => {
                    if seen.insert(*p) {
                        preds[i].push(*p);
                        succs[*p].push(i);
                    }
                }
                Some(Def::Outer) => {}
                None => {
                    return Err(ImportError::Node {
                        node: node_label(graph, i),
                        op_type: node.op_type.clone(),
                        message: format!(
                            "uses '{name}', which no node, graph input or initializer defines \
                             (missing initializer?)"
                        ),
                    })
                }
            }
        }
    }
    for out in &graph.output {
        if !defs.contains_key(out.name.as_str()) {
            return Err(ImportError::Graph(format!(
                "graph output '{}' is not defined by any node, graph input or initializer",
                out.name
            )));
        }
    }
    kahn(graph, &preds, &succs)
}

/// Kahn's algorithm, smallest index first, so a sorted graph keeps its order.
fn kahn(graph: &GraphProto, preds: &[Vec<usize>], succs: &[Vec<usize>]) -> Result<Vec<usize>> {
    let n = preds.len();
    let mut indeg: Vec<usize> = preds.iter().map(Vec::len).collect();
    let mut ready: BinaryHeap<Reverse<usize>> =
        (0..n).filter(|&i| indeg[i] == 0).map(Reverse).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse(i)) = ready.pop() {
        order.push(i);
        for &s in &succs[i] {
            indeg[s] -= 1;
            if indeg[s] == 0 {
                ready.push(Reverse(s));
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    let cycle = find_cycle(preds, &indeg);
    let names: Vec<String> = cycle
        .iter()
        .map(|&i| format!("'{}' ({})", node_label(graph, i), graph.node[i].op_type))
        .collect();
    Err(ImportError::Graph(format!(
        "the graph has a cycle: {} → back to the first",
        names.join(" → ")
    )))
}

/// A cycle among the nodes left with unresolved inputs, in data-flow order.
fn find_cycle(preds: &[Vec<usize>], indeg: &[usize]) -> Vec<usize> {
    let start = indeg.iter().position(|&d| d > 0).unwrap_or(0);
    let mut pos: FxHashMap<usize, usize> = FxHashMap::default();
    let mut path = Vec::new();
    let mut cur = start;
    while let std::collections::hash_map::Entry::Vacant(e) = pos.entry(cur) {
        e.insert(path.len());
        path.push(cur);
        match preds[cur].iter().find(|&&p| indeg[p] > 0) {
            Some(&p) => cur = p,
            None => return path,
        }
    }
    let mut cycle = path[pos[&cur]..].to_vec();
    cycle.reverse();
    let first = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
    cycle.rotate_left(first);
    cycle
}
