//! The one compression level of the backend: pictures are deflated where they are decoded and
//! page streams where the document is finished, and both must weigh size against time alike.

/// zlib level for every stream: on a 500-page book 1 % larger than level 9 and a third faster
/// to write; level 1 would double the file for a further third.
pub(crate) const COMPRESSION_LEVEL: u32 = 6;
