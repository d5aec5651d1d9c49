mod changes;
mod context;
mod jobs;
mod library;
mod logging;
mod secrets;
mod settings;
mod support;
