#!/usr/bin/env bash
# The README's data-complexity questions, measured over HTTP against a running MLP Lab:
#   tools/data-complexity.sh [base-url]        (default http://localhost:8080; needs curl)
# 1. the seed's sigmoid/ReLU table (hidden [16] .. [16,32,16,8], everything else the seed's) on each data kind;
# 2. the same with the rescue the seed's questions found: he_uniform weights, adam (lr 0.01) and the bce loss
#    (a sigmoid output; the seed's mse keeps the hidden activation on the output, and a ReLU output can die);
# 3. moons with more and more irrelevant noise features, for a net that learns moons cleanly, on 500 and 5000
#    samples.
set -euo pipefail
base=${1:-http://localhost:8080}

accuracy() {   # spec -> "testAccuracy trainAccuracy"
  local id job
  id=$(curl -sf "$base/api/v1/jobs" -H 'Content-Type: application/json' -d "$1" | grep -o '"id":"[^"]*"' | cut -d '"' -f 4)
  job=$(curl -sf "$base/api/v1/jobs/$id?wait=60")
  echo "$(echo "$job" | grep -o '"testAccuracy":[0-9.]*' | cut -d : -f 2) $(echo "$job" | grep -o '"trainAccuracy":[0-9.]*' | cut -d : -f 2)"
}

depths=(16 16,32 16,32,16 16,32,16,8)
for model in seed rescued; do
  echo "== test accuracy, $model settings (rows: data.kind; columns: hidden layers)"
  printf '%-10s %-8s' kind activation; printf ' %-14s' "${depths[@]}"; echo
  for kind in blobs moons circles spirals xor; do
    for activation in sigmoid relu; do
      printf '%-10s %-8s' "$kind" "$activation"
      for hidden in "${depths[@]}"; do
        extra=""
        [ "$model" = rescued ] && extra=',"init":{"scheme":"he_uniform"}},"training":{"loss":"bce","optimizer":{"type":"adam","learningRate":0.01}'
        spec="{\"data\":{\"kind\":\"$kind\"},\"model\":{\"hiddenLayers\":[$hidden],\"activation\":\"$activation\"$extra}}"
        [ "$model" = seed ] && spec="{\"data\":{\"kind\":\"$kind\"},\"model\":{\"hiddenLayers\":[$hidden],\"activation\":\"$activation\"}}"
        read -r test _ <<<"$(accuracy "$spec")"
        printf ' %-14s' "$test"
      done
      echo
    done
  done
done

echo "== moons with noise features: relu [16,32,16], he_uniform, adam 0.01, bce, 1000 epochs (test / train accuracy)"
for q in 0 2 8 32 128 256; do
  noise=""
  [ "$q" -gt 0 ] && noise=",\"noiseFeatures\":$q"
  for samples in 500 5000; do
    spec="{\"data\":{\"kind\":\"moons\",\"samples\":$samples$noise},\"model\":{\"hiddenLayers\":[16,32,16],\"activation\":\"relu\",\"init\":{\"scheme\":\"he_uniform\"}},\"training\":{\"loss\":\"bce\",\"optimizer\":{\"type\":\"adam\",\"learningRate\":0.01}}}"
    echo "noiseFeatures $q, samples $samples: $(accuracy "$spec")"
  done
done
