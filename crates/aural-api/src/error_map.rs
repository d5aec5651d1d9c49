use aural_services::ServiceError;

use crate::dto::ApiError;

pub(crate) fn from_service(err: ServiceError) -> ApiError {
    ApiError {
        code: err.code(),
        message: err.to_string(),
        field: err.field().map(str::to_owned),
        hint: err.hint(),
    }
}
