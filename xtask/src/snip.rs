//! Snipping: replaces the bodies of named functions with `unreachable`, so that wasm-opt
//! drops everything only they reached. Leptos keeps, for every type-erased view, a pointer
//! to its asynchronous hydration (`hydrate_async`), which only lazy hydration calls; the
//! portal hydrates synchronously, and those functions were 10 % of the main module's code.

/// Whether the function named `name` is one the portal never calls:
/// - the body of the future that a type-erased view's asynchronous hydration returns. Only
///   that future reaches the views' own `hydrate_async`, which wasm-opt then drops;
/// - the exports of `wasm_streams`' stream adapters (`intounderlying…`, not their `_free`).
///   Leptos' server functions link them in for streamed responses; the portal has no server
///   functions, so no JavaScript object that could call them is ever made (0.6 KB brotli).
///
/// Nothing wider: the compiler merges identical small functions, so a name does not always
/// tell what else calls it; these are each unique.
pub fn never_called(name: &str) -> bool {
    name.contains("::into_any::hydrate_async::{{closure}}")
        || (name.starts_with("intounderlying") && !name.ends_with("_free"))
}

/// `wasm` with the body of every function whose name `doomed` accepts replaced by
/// `unreachable`, and how many were replaced. Functions are known by the `name` section; a
/// module without one is left as it is.
pub fn snip(wasm: &[u8], doomed: impl Fn(&str) -> bool) -> Result<(Vec<u8>, usize), String> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a WebAssembly module".into());
    }
    let sections = sections(wasm)?;
    let mut imported = 0;
    let mut names = std::collections::HashMap::new();
    for &(id, ref payload) in &sections {
        let payload = &wasm[payload.clone()];
        match id {
            2 => imported = imported_functions(payload)?,
            0 => function_names(payload, &mut names)?,
            _ => {}
        }
    }
    if names.is_empty() {
        // Nothing to match by (some small split chunks carry no names).
        return Ok((wasm.to_vec(), 0));
    }
    let mut out = wasm[..8].to_vec();
    let mut snipped = 0;
    for (id, payload) in sections {
        let mut bytes = wasm[payload].to_vec();
        if id == 10 {
            let (count, mut at) = leb(&bytes, 0)?;
            let mut code = Vec::new();
            push_leb(&mut code, count);
            for index in 0..count {
                let (size, start) = leb(&bytes, at)?;
                let end = start + size as usize;
                let name = names.get(&(imported + index)).map_or("", String::as_str);
                if doomed(name) {
                    // No locals, `unreachable`, `end`.
                    code.extend_from_slice(&[3, 0x00, 0x00, 0x0b]);
                    snipped += 1;
                } else {
                    code.extend_from_slice(&bytes[at..end]);
                }
                at = end;
            }
            bytes = code;
        }
        out.push(id);
        push_leb(&mut out, bytes.len() as u64);
        out.extend_from_slice(&bytes);
    }
    Ok((out, snipped))
}

/// Each section's id and the range of its payload.
fn sections(wasm: &[u8]) -> Result<Vec<(u8, std::ops::Range<usize>)>, String> {
    let mut found = Vec::new();
    let mut at = 8;
    while at < wasm.len() {
        let id = wasm[at];
        let (size, start) = leb(wasm, at + 1)?;
        let end = start + size as usize;
        if end > wasm.len() {
            return Err("a section runs past the end".into());
        }
        found.push((id, start..end));
        at = end;
    }
    Ok(found)
}

/// How many functions the import section imports (they come first in the index space).
fn imported_functions(payload: &[u8]) -> Result<u64, String> {
    let (count, mut at) = leb(payload, 0)?;
    let mut functions = 0;
    for _ in 0..count {
        for _ in 0..2 {
            let (len, start) = leb(payload, at)?;
            at = start + len as usize;
        }
        let kind = *payload.get(at).ok_or("truncated import")?;
        at += 1;
        match kind {
            0 => {
                functions += 1;
                at = leb(payload, at)?.1;
            }
            1 | 2 => {
                if kind == 1 {
                    at += 1; // element type
                }
                let (flags, next) = leb(payload, at)?;
                at = leb(payload, next)?.1;
                if flags & 1 == 1 {
                    at = leb(payload, at)?.1;
                }
            }
            3 => at += 2,
            4 => at = leb(payload, at + 1)?.1,
            other => return Err(format!("unknown import kind {other}")),
        }
    }
    Ok(functions)
}

/// Reads the function names of a custom section, if it is the `name` section.
fn function_names(
    payload: &[u8],
    names: &mut std::collections::HashMap<u64, String>,
) -> Result<(), String> {
    let (len, start) = leb(payload, 0)?;
    let section = payload
        .get(start..start + len as usize)
        .ok_or("truncated")?;
    if section != b"name" {
        return Ok(());
    }
    let mut at = start + len as usize;
    while at < payload.len() {
        let kind = payload[at];
        let (size, start) = leb(payload, at + 1)?;
        let end = start + size as usize;
        if kind == 1 {
            let (count, mut pos) = leb(payload, start)?;
            for _ in 0..count {
                let (index, next) = leb(payload, pos)?;
                let (len, text) = leb(payload, next)?;
                let bytes = payload
                    .get(text..text + len as usize)
                    .ok_or("truncated name")?;
                names.insert(index, String::from_utf8_lossy(bytes).into_owned());
                pos = text + len as usize;
            }
        }
        at = end;
    }
    Ok(())
}

/// An unsigned LEB128 number at `at`, and where the next byte is.
fn leb(bytes: &[u8], mut at: usize) -> Result<(u64, usize), String> {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = *bytes.get(at).ok_or("truncated number")?;
        at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok((value, at));
        }
        shift += 7;
        if shift > 63 {
            return Err("number too long".into());
        }
    }
}

fn push_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![id];
        push_leb(&mut out, payload.len() as u64);
        out.extend_from_slice(payload);
        out
    }

    /// A module importing `env.f` and defining `keep` and `hydrate_async`, both `i32.const 7`.
    fn module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend(section(1, &[2, 0x60, 0, 0, 0x60, 0, 1, 0x7f]));
        wasm.extend(section(2, &[1, 3, b'e', b'n', b'v', 1, b'f', 0, 0]));
        wasm.extend(section(3, &[2, 1, 1]));
        let body = [0, 0x41, 7, 0x0b];
        let mut code = vec![2];
        for _ in 0..2 {
            code.push(body.len() as u8);
            code.extend_from_slice(&body);
        }
        wasm.extend(section(10, &code));
        let mut names = vec![4, b'n', b'a', b'm', b'e'];
        let mut map = vec![3, 0, 1, b'f', 1, 4];
        map.extend_from_slice(b"keep");
        map.extend_from_slice(&[2, 13]);
        map.extend_from_slice(b"hydrate_async");
        names.push(1);
        names.push(map.len() as u8);
        names.extend(map);
        wasm.extend(section(0, &names));
        wasm
    }

    #[test]
    fn only_the_named_function_loses_its_body() {
        let wasm = module();
        let (snipped, count) = snip(&wasm, |name| name.contains("hydrate_async")).expect("snips");
        assert_eq!(count, 1);
        let code = sections(&snipped)
            .expect("reads")
            .into_iter()
            .find(|(id, _)| *id == 10)
            .map(|(_, range)| snipped[range].to_vec())
            .expect("a code section");
        assert_eq!(code, vec![2, 4, 0, 0x41, 7, 0x0b, 3, 0, 0x00, 0x0b]);
        let (untouched, none) = snip(&wasm, |_| false).expect("snips");
        assert_eq!((untouched, none), (wasm, 0));
    }

    #[test]
    fn stream_adapters_go_but_their_destructors_and_other_exports_stay() {
        assert!(never_called("intounderlyingsink_write"));
        assert!(never_called("intounderlyingsource_pull externref shim"));
        assert!(!never_called("__wbg_intounderlyingsink_free"));
        assert!(!never_called("intounderlyingsink_free"));
        assert!(!never_called("main"));
    }
}
