use aural_api::{ApiError, AppContext, supervisor};

use crate::args::SupervisorCommand;
use crate::output::{Output, opt, table};

pub fn run(ctx: &AppContext, cmd: SupervisorCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        SupervisorCommand::Status => {
            let status = supervisor::status(ctx)?;
            out.show(&status, || {
                match &status.leader {
                    Some(leader) => println!("{} runs the background work", leader.description),
                    None => println!(
                        "No process runs the background work: open the app or start `auralarchive-cli daemon`."
                    ),
                }
                if status.loops.is_empty() {
                    return;
                }
                table(
                    &["Loop", "Runs in", "State", "Restarts", "Last error", "At"],
                    status.loops.iter().map(|l| {
                        vec![
                            l.name.clone(),
                            l.scope.to_string(),
                            l.state.to_string(),
                            l.restarts.to_string(),
                            opt(l.last_error.as_ref()),
                            opt(l.last_error_at.as_ref()),
                        ]
                    }),
                );
            });
            Ok(())
        }
    }
}
