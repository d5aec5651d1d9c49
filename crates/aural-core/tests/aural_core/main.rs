//! Properties of aural-core's rules over many generated inputs; the rules' own cases are unit
//! tests beside them.

mod release;
