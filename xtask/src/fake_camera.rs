//! A fake camera for the scanner's end-to-end test and benchmark: a Y4M video, which Chromium
//! plays as its camera (`--use-file-for-fake-video-capture`), showing one QR code.

use std::path::{Path, PathBuf};

use qrcode::{Color, EcLevel, QrCode};

const WIDTH: usize = 640;
const HEIGHT: usize = 480;
const FRAMES: usize = 10;

/// Writes a video of the code for `payload` into `dir`; returns its path.
pub fn write(payload: &str, dir: &Path) -> Result<PathBuf, String> {
    let path = dir.join(format!("banshi-fake-camera-{}.y4m", std::process::id()));
    std::fs::write(&path, video(payload)?).map_err(|e| e.to_string())?;
    Ok(path)
}

/// A still 640×480 Y4M video of the QR code for `payload`, dark modules on white.
fn video(payload: &str) -> Result<Vec<u8>, String> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::Q)
        .map_err(|e| e.to_string())?;
    let modules = code.width();
    let colors = code.to_colors();
    let scale = (HEIGHT - 80) / (modules + 8);
    let side = modules * scale;
    let (left, top) = ((WIDTH - side) / 2, (HEIGHT - side) / 2);
    let mut luma = vec![235u8; WIDTH * HEIGHT];
    for y in 0..side {
        for x in 0..side {
            if colors[(y / scale) * modules + x / scale] == Color::Dark {
                luma[(top + y) * WIDTH + left + x] = 16;
            }
        }
    }
    let chroma = vec![128u8; WIDTH * HEIGHT / 2];
    let mut bytes = format!("YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n").into_bytes();
    for _ in 0..FRAMES {
        bytes.extend_from_slice(b"FRAME\n");
        bytes.extend_from_slice(&luma);
        bytes.extend_from_slice(&chroma);
    }
    Ok(bytes)
}
