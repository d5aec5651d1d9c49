#!/usr/bin/env bash
# Redraws the app and tray icons (headphones over an open book on a rounded square) with ImageMagick 6.
# Run from anywhere; writes the PNG sizes tauri.conf.json lists next to this script.
set -euo pipefail
cd "$(dirname "$0")"

convert -size 512x512 gradient:'#7163ff-#3a2a9c' \
  \( -size 512x512 xc:black -fill white -draw "roundrectangle 16,16 495,495 112,112" \) \
  -alpha off -compose CopyOpacity -composite -compose Over \
  \( -size 512x512 xc:none -fill none -stroke white -strokewidth 36 -draw "ellipse 256,292 121,130 0,360" \
     -crop 512x296+0+0 +repage -background none -gravity north -extent 512x512 \) \
  -gravity northwest -composite \
  -stroke none -fill white \
  -draw "roundrectangle 92,240 178,388 32,32" -draw "roundrectangle 334,240 420,388 32,32" \
  -fill '#ffd36b' \
  -draw "path 'M 196,292 Q 226,272 256,292 L 256,414 Q 226,394 196,414 Z'" \
  -draw "path 'M 316,292 Q 286,272 256,292 L 256,414 Q 286,394 316,414 Z'" \
  -stroke '#3a2a9c' -strokewidth 6 -draw "line 256,292 256,414" \
  -strip PNG32:icon.png

for spec in 32:32x32 128:128x128 256:128x128@2x; do
  convert icon.png -filter Lanczos -resize "${spec%%:*}x${spec%%:*}" -strip PNG32:"${spec#*:}.png"
done
