//! Errors of neuron-run that are not diagnostics of the IR: files, entry point, inputs, outputs,
//! hardware-path flags.

use neuron_driver::DriverError;

/// A failure that ends a run; its text is printed as `neuron-run: error: <text>`.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// Reading the model file failed.
    #[error(transparent)]
    Model(#[from] DriverError),
    /// The requested entry function does not exist.
    #[error("no function @{name} in '{model}' (functions: {available})")]
    NoEntry {
        /// The name asked for.
        name: String,
        /// The model path.
        model: String,
        /// The functions there are, comma-separated.
        available: String,
    },
    /// No `--entry`, no `@main`, and not exactly one function.
    #[error("'{model}' has no @main and {count} functions: choose one with --entry")]
    AmbiguousEntry {
        /// The model path.
        model: String,
        /// How many functions it has.
        count: usize,
    },
    /// Two arguments (or two results) carry the same `nn.name`.
    #[error("{what} {first} and {second} of @{func} are both named '{name}'")]
    DuplicateName {
        /// `arguments` or `results`.
        what: &'static str,
        /// The entry function.
        func: String,
        /// The shared name.
        name: String,
        /// Index of the first.
        first: usize,
        /// Index of the second.
        second: usize,
    },
    /// `--input NAME=…` names no argument.
    #[error("unknown input name '{name}': @{func} takes {known}{hint}")]
    UnknownInput {
        /// The name given.
        name: String,
        /// The entry function.
        func: String,
        /// `2 arguments: 'a', 'b'` (or `no arguments`).
        known: String,
        /// `; did you mean 'x'?` or empty.
        hint: String,
    },
    /// The same argument was given two files.
    #[error("input '{name}' is given more than once")]
    DuplicateInput {
        /// The argument's name.
        name: String,
    },
    /// More positional inputs than arguments.
    #[error("{given} positional inputs given, but @{func} takes {count}")]
    TooManyInputs {
        /// Number of positional `--input FILE`.
        given: usize,
        /// The entry function.
        func: String,
        /// `1 argument` or `N arguments`.
        count: String,
    },
    /// Arguments with neither a file nor `--random-inputs`.
    #[error("missing {list}: give --input NAME=FILE.npy for each, or --random-inputs")]
    MissingInputs {
        /// `input 'x' (tensor<…>)` or `inputs 'x' (…), 'y' (…)`.
        list: String,
    },
    /// An input file that cannot be read or does not fit its argument.
    #[error("input '{name}' ({file}): {message}")]
    Input {
        /// The argument's name.
        name: String,
        /// The file as given (or `--random-inputs`).
        file: String,
        /// What is wrong.
        message: String,
    },
    /// An argument attribute neuron-run reads is malformed (e.g. a negative `nn.max_value`).
    #[error("argument '{name}' of @{func}: {message}")]
    BadAttribute {
        /// The argument's name.
        name: String,
        /// The entry function.
        func: String,
        /// What is wrong.
        message: String,
    },
    /// The output directory could not be created.
    #[error("could not create the output directory '{path}': {message}")]
    OutputDir {
        /// The directory as given.
        path: String,
        /// The cause.
        message: String,
    },
    /// An output file could not be written.
    #[error("could not write output '{path}': {message}")]
    WriteOutput {
        /// The destination path.
        path: String,
        /// The cause.
        message: String,
    },
    /// Hardware-path flags that conflict or carry an invalid value (`--fast-math "all none"`).
    #[error("{0}")]
    Flags(String),
    /// An output of the lowered model that cannot be compared with the reference's.
    #[error("output '{name}': {message}")]
    Compare {
        /// The output's name.
        name: String,
        /// What differs.
        message: String,
    },
    /// Writing the summary to standard output failed.
    #[error("could not write the summary: {0}")]
    Stdout(String),
}
