mod changes;
mod context;
mod jobs;
mod library;
mod secrets;
mod settings;
mod support;
