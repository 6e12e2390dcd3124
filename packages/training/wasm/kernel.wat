;; training/wasm/kernel.wat: the f32x4 SIMD kernels of the wasm-simd engine (src/wasm-simd-engine.ts).
;;
;; One instance holds one trial. Every activation buffer is feature-major: a layer's output is [units][stride] with
;; the batch rows contiguous (stride = a multiple of 8 >= the largest batch), so every product below is vectorised
;; over batch rows, whatever the layer widths are (the paper's output layer has one unit). Rows past the batch
;; (padding up to a multiple of 8) carry zero gradient, so they never reach a parameter.
;; Pointers are byte offsets into the imported memory; 0 means "absent" (the engine never places data at 0).
;; Strides and counts are in f32 elements. Built by scripts/build-wasm.js into src/generated/kernel-wasm.ts.
(module
  (import "env" "memory" (memory 1))

  ;; Horizontal sum of a f32x4, pairwise: (l0 + l1) + (l2 + l3).
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; sum_r a[r] b[r] over rowsPad rows (a multiple of 4).
  (func $dot (param $a i32) (param $b i32) (param $rowsPad i32) (result f32)
    (local $acc v128) (local $e i32) (local $end i32)
    (local.set $end (i32.shl (local.get $rowsPad) (i32.const 2)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $e) (local.get $end)))
        (local.set $acc (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $e))) (v128.load (i32.add (local.get $b) (local.get $e))))))
        (local.set $e (i32.add (local.get $e) (i32.const 16)))
        (br $l)))
    (call $hsum (local.get $acc)))

  ;; Gathers a batch: outX[j][r] = x[idx][j], outY[r] = y[idx] with idx = order[start + r] (order != 0) or start + r,
  ;; for r < rows; rows..rowsPad are zeroed. x is row-major [*][d], order is i32.
  (func (export "gather")
    (param $x i32) (param $y i32) (param $order i32) (param $start i32) (param $rows i32) (param $rowsPad i32)
    (param $d i32) (param $stride i32) (param $outX i32) (param $outY i32)
    (local $r i32) (local $j i32) (local $idx i32) (local $src i32) (local $dst i32) (local $strideB i32)
    (local.set $strideB (i32.shl (local.get $stride) (i32.const 2)))
    (block $done
      (loop $rl
        (br_if $done (i32.ge_u (local.get $r) (local.get $rowsPad)))
        (local.set $dst (i32.add (local.get $outX) (i32.shl (local.get $r) (i32.const 2))))
        (if (i32.lt_u (local.get $r) (local.get $rows))
          (then
            (local.set $idx
              (if (result i32) (local.get $order)
                (then (i32.load (i32.add (local.get $order) (i32.shl (i32.add (local.get $start) (local.get $r)) (i32.const 2)))))
                (else (i32.add (local.get $start) (local.get $r)))))
            (f32.store (i32.add (local.get $outY) (i32.shl (local.get $r) (i32.const 2)))
              (f32.load (i32.add (local.get $y) (i32.shl (local.get $idx) (i32.const 2)))))
            (local.set $src (i32.add (local.get $x) (i32.shl (i32.mul (local.get $idx) (local.get $d)) (i32.const 2))))
            (local.set $j (i32.const 0))
            (block $jd
              (loop $jl
                (br_if $jd (i32.ge_u (local.get $j) (local.get $d)))
                (f32.store (local.get $dst) (f32.load (local.get $src)))
                (local.set $src (i32.add (local.get $src) (i32.const 4)))
                (local.set $dst (i32.add (local.get $dst) (local.get $strideB)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $jl))))
          (else
            (f32.store (i32.add (local.get $outY) (i32.shl (local.get $r) (i32.const 2))) (f32.const 0))
            (local.set $j (i32.const 0))
            (block $jd2
              (loop $jl2
                (br_if $jd2 (i32.ge_u (local.get $j) (local.get $d)))
                (f32.store (local.get $dst) (f32.const 0))
                (local.set $dst (i32.add (local.get $dst) (local.get $strideB)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $jl2)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl))))

  ;; out[o][r] = bias[o] + sum_k coef[o cso + k csk] inp[k][r] for o < no, r < rowsPad (a multiple of 8); bias = 0
  ;; pointer means none. Forward pass: coef = W [inDim][units] (cso 1, csk units); input gradient d W^T: cso units,
  ;; csk 1. Blocks of 4 outputs x 8 rows keep 8 f32x4 accumulators in registers; each coefficient serves 8 rows and
  ;; each input vector 4 outputs. The sum over k runs in order, as in a scalar loop.
  (func (export "linear")
    (param $coef i32) (param $cso i32) (param $csk i32) (param $inp i32) (param $nk i32)
    (param $out i32) (param $no i32) (param $bias i32) (param $stride i32) (param $rowsPad i32)
    (local $r i32) (local $o i32) (local $k i32) (local $pin i32) (local $pc i32) (local $po i32)
    (local $csoB i32) (local $cskB i32) (local $strideB i32) (local $rB i32) (local $csoB2 i32) (local $csoB3 i32)
    (local $a0 v128) (local $a1 v128) (local $c v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $s4 v128) (local $s5 v128) (local $s6 v128) (local $s7 v128)
    (local.set $csoB (i32.shl (local.get $cso) (i32.const 2)))
    (local.set $cskB (i32.shl (local.get $csk) (i32.const 2)))
    (local.set $strideB (i32.shl (local.get $stride) (i32.const 2)))
    ;; loop-invariant offsets of the 2nd-4th output's coefficient, kept out of the inner loop
    (local.set $csoB2 (i32.shl (local.get $csoB) (i32.const 1)))
    (local.set $csoB3 (i32.add (local.get $csoB2) (local.get $csoB)))
    (block $rd
      (loop $rl
        (br_if $rd (i32.ge_u (local.get $r) (local.get $rowsPad)))
        (local.set $rB (i32.shl (local.get $r) (i32.const 2)))
        (local.set $o (i32.const 0))
        ;; blocks of 4 outputs
        (block $od
          (loop $ol
            (br_if $od (i32.gt_u (i32.add (local.get $o) (i32.const 4)) (local.get $no)))
            (if (local.get $bias)
              (then
                (local.set $pc (i32.add (local.get $bias) (i32.shl (local.get $o) (i32.const 2))))
                (local.set $s0 (v128.load32_splat (local.get $pc)))
                (local.set $s2 (v128.load32_splat offset=4 (local.get $pc)))
                (local.set $s4 (v128.load32_splat offset=8 (local.get $pc)))
                (local.set $s6 (v128.load32_splat offset=12 (local.get $pc))))
              (else
                (local.set $s0 (v128.const i32x4 0 0 0 0))
                (local.set $s2 (v128.const i32x4 0 0 0 0))
                (local.set $s4 (v128.const i32x4 0 0 0 0))
                (local.set $s6 (v128.const i32x4 0 0 0 0))))
            (local.set $s1 (local.get $s0))
            (local.set $s3 (local.get $s2))
            (local.set $s5 (local.get $s4))
            (local.set $s7 (local.get $s6))
            (local.set $pin (i32.add (local.get $inp) (local.get $rB)))
            (local.set $pc (i32.add (local.get $coef) (i32.mul (local.get $o) (local.get $csoB))))
            (local.set $k (i32.const 0))
            (block $kd
              (loop $kl
                (br_if $kd (i32.ge_u (local.get $k) (local.get $nk)))
                (local.set $a0 (v128.load (local.get $pin)))
                (local.set $a1 (v128.load offset=16 (local.get $pin)))
                (local.set $c (v128.load32_splat (local.get $pc)))
                (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $c) (local.get $a0))))
                (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $c) (local.get $a1))))
                (local.set $c (v128.load32_splat (i32.add (local.get $pc) (local.get $csoB))))
                (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $c) (local.get $a0))))
                (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $c) (local.get $a1))))
                (local.set $c (v128.load32_splat (i32.add (local.get $pc) (local.get $csoB2))))
                (local.set $s4 (f32x4.add (local.get $s4) (f32x4.mul (local.get $c) (local.get $a0))))
                (local.set $s5 (f32x4.add (local.get $s5) (f32x4.mul (local.get $c) (local.get $a1))))
                (local.set $c (v128.load32_splat (i32.add (local.get $pc) (local.get $csoB3))))
                (local.set $s6 (f32x4.add (local.get $s6) (f32x4.mul (local.get $c) (local.get $a0))))
                (local.set $s7 (f32x4.add (local.get $s7) (f32x4.mul (local.get $c) (local.get $a1))))
                (local.set $pin (i32.add (local.get $pin) (local.get $strideB)))
                (local.set $pc (i32.add (local.get $pc) (local.get $cskB)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $kl)))
            (local.set $po (i32.add (i32.add (local.get $out) (i32.mul (local.get $o) (local.get $strideB))) (local.get $rB)))
            (v128.store (local.get $po) (local.get $s0))
            (v128.store offset=16 (local.get $po) (local.get $s1))
            (local.set $po (i32.add (local.get $po) (local.get $strideB)))
            (v128.store (local.get $po) (local.get $s2))
            (v128.store offset=16 (local.get $po) (local.get $s3))
            (local.set $po (i32.add (local.get $po) (local.get $strideB)))
            (v128.store (local.get $po) (local.get $s4))
            (v128.store offset=16 (local.get $po) (local.get $s5))
            (local.set $po (i32.add (local.get $po) (local.get $strideB)))
            (v128.store (local.get $po) (local.get $s6))
            (v128.store offset=16 (local.get $po) (local.get $s7))
            (local.set $o (i32.add (local.get $o) (i32.const 4)))
            (br $ol)))
        ;; remaining outputs one at a time
        (block $od1
          (loop $ol1
            (br_if $od1 (i32.ge_u (local.get $o) (local.get $no)))
            (if (local.get $bias)
              (then (local.set $s0 (v128.load32_splat (i32.add (local.get $bias) (i32.shl (local.get $o) (i32.const 2))))))
              (else (local.set $s0 (v128.const i32x4 0 0 0 0))))
            (local.set $s1 (local.get $s0))
            (local.set $pin (i32.add (local.get $inp) (local.get $rB)))
            (local.set $pc (i32.add (local.get $coef) (i32.mul (local.get $o) (local.get $csoB))))
            (local.set $k (i32.const 0))
            (block $kd1
              (loop $kl1
                (br_if $kd1 (i32.ge_u (local.get $k) (local.get $nk)))
                (local.set $c (v128.load32_splat (local.get $pc)))
                (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $c) (v128.load (local.get $pin)))))
                (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $c) (v128.load offset=16 (local.get $pin)))))
                (local.set $pin (i32.add (local.get $pin) (local.get $strideB)))
                (local.set $pc (i32.add (local.get $pc) (local.get $cskB)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $kl1)))
            (local.set $po (i32.add (i32.add (local.get $out) (i32.mul (local.get $o) (local.get $strideB))) (local.get $rB)))
            (v128.store (local.get $po) (local.get $s0))
            (v128.store offset=16 (local.get $po) (local.get $s1))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $ol1)))
        (local.set $r (i32.add (local.get $r) (i32.const 8)))
        (br $rl))))

  ;; Kernel gradient a^T d: out[k][o] = sum_r inp[k][r] d[o][r] (out row-major [nk][no]), blocks of 2 inputs x 4
  ;; outputs (8 accumulators, 6 loads per 8 multiply-adds); leftovers through $dot.
  (func (export "gradKernel")
    (param $inp i32) (param $nk i32) (param $d i32) (param $no i32) (param $stride i32) (param $rowsPad i32) (param $out i32)
    (local $k i32) (local $o i32) (local $e i32) (local $end i32) (local $strideB i32)
    (local $pa0 i32) (local $pa1 i32) (local $pd i32) (local $po i32) (local $pd1 i32) (local $pd2 i32) (local $pd3 i32)
    (local $a0 v128) (local $a1 v128) (local $dv v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $strideB (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $end (i32.shl (local.get $rowsPad) (i32.const 2)))
    (block $kd
      (loop $kl
        (br_if $kd (i32.ge_u (local.get $k) (local.get $nk)))
        (local.set $pa0 (i32.add (local.get $inp) (i32.mul (local.get $k) (local.get $strideB))))
        (local.set $pa1 (i32.add (local.get $pa0) (local.get $strideB)))
        (local.set $o (i32.const 0))
        (if (i32.le_u (i32.add (local.get $k) (i32.const 2)) (local.get $nk))
          (then
            ;; two input rows at once
            (block $od
              (loop $ol
                (br_if $od (i32.gt_u (i32.add (local.get $o) (i32.const 4)) (local.get $no)))
                (local.set $s0 (v128.const i32x4 0 0 0 0)) (local.set $s1 (v128.const i32x4 0 0 0 0))
                (local.set $s2 (v128.const i32x4 0 0 0 0)) (local.set $s3 (v128.const i32x4 0 0 0 0))
                (local.set $t0 (v128.const i32x4 0 0 0 0)) (local.set $t1 (v128.const i32x4 0 0 0 0))
                (local.set $t2 (v128.const i32x4 0 0 0 0)) (local.set $t3 (v128.const i32x4 0 0 0 0))
                (local.set $pd (i32.add (local.get $d) (i32.mul (local.get $o) (local.get $strideB))))
                (local.set $pd1 (i32.add (local.get $pd) (local.get $strideB)))
                (local.set $pd2 (i32.add (local.get $pd1) (local.get $strideB)))
                (local.set $pd3 (i32.add (local.get $pd2) (local.get $strideB)))
                (local.set $e (i32.const 0))
                (block $rd
                  (loop $rl
                    (br_if $rd (i32.ge_u (local.get $e) (local.get $end)))
                    (local.set $a0 (v128.load (i32.add (local.get $pa0) (local.get $e))))
                    (local.set $a1 (v128.load (i32.add (local.get $pa1) (local.get $e))))
                    (local.set $dv (v128.load (i32.add (local.get $pd) (local.get $e))))
                    (local.set $s0 (f32x4.add (local.get $s0) (f32x4.mul (local.get $a0) (local.get $dv))))
                    (local.set $t0 (f32x4.add (local.get $t0) (f32x4.mul (local.get $a1) (local.get $dv))))
                    (local.set $dv (v128.load (i32.add (local.get $pd1) (local.get $e))))
                    (local.set $s1 (f32x4.add (local.get $s1) (f32x4.mul (local.get $a0) (local.get $dv))))
                    (local.set $t1 (f32x4.add (local.get $t1) (f32x4.mul (local.get $a1) (local.get $dv))))
                    (local.set $dv (v128.load (i32.add (local.get $pd2) (local.get $e))))
                    (local.set $s2 (f32x4.add (local.get $s2) (f32x4.mul (local.get $a0) (local.get $dv))))
                    (local.set $t2 (f32x4.add (local.get $t2) (f32x4.mul (local.get $a1) (local.get $dv))))
                    (local.set $dv (v128.load (i32.add (local.get $pd3) (local.get $e))))
                    (local.set $s3 (f32x4.add (local.get $s3) (f32x4.mul (local.get $a0) (local.get $dv))))
                    (local.set $t3 (f32x4.add (local.get $t3) (f32x4.mul (local.get $a1) (local.get $dv))))
                    (local.set $e (i32.add (local.get $e) (i32.const 16)))
                    (br $rl)))
                (local.set $po (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $no)) (local.get $o)) (i32.const 2))))
                (f32.store (local.get $po) (call $hsum (local.get $s0)))
                (f32.store offset=4 (local.get $po) (call $hsum (local.get $s1)))
                (f32.store offset=8 (local.get $po) (call $hsum (local.get $s2)))
                (f32.store offset=12 (local.get $po) (call $hsum (local.get $s3)))
                (local.set $po (i32.add (local.get $po) (i32.shl (local.get $no) (i32.const 2))))
                (f32.store (local.get $po) (call $hsum (local.get $t0)))
                (f32.store offset=4 (local.get $po) (call $hsum (local.get $t1)))
                (f32.store offset=8 (local.get $po) (call $hsum (local.get $t2)))
                (f32.store offset=12 (local.get $po) (call $hsum (local.get $t3)))
                (local.set $o (i32.add (local.get $o) (i32.const 4)))
                (br $ol)))
            (block $od2
              (loop $ol2
                (br_if $od2 (i32.ge_u (local.get $o) (local.get $no)))
                (local.set $pd (i32.add (local.get $d) (i32.mul (local.get $o) (local.get $strideB))))
                (local.set $po (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $no)) (local.get $o)) (i32.const 2))))
                (f32.store (local.get $po) (call $dot (local.get $pa0) (local.get $pd) (local.get $rowsPad)))
                (f32.store (i32.add (local.get $po) (i32.shl (local.get $no) (i32.const 2))) (call $dot (local.get $pa1) (local.get $pd) (local.get $rowsPad)))
                (local.set $o (i32.add (local.get $o) (i32.const 1)))
                (br $ol2)))
            (local.set $k (i32.add (local.get $k) (i32.const 2))))
          (else
            ;; the last, odd input row
            (block $od3
              (loop $ol3
                (br_if $od3 (i32.ge_u (local.get $o) (local.get $no)))
                (f32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $k) (local.get $no)) (local.get $o)) (i32.const 2)))
                  (call $dot (local.get $pa0) (i32.add (local.get $d) (i32.mul (local.get $o) (local.get $strideB))) (local.get $rowsPad)))
                (local.set $o (i32.add (local.get $o) (i32.const 1)))
                (br $ol3)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))))
        (br $kl))))

  ;; Bias gradient: out[o] += sum_r d[o][r].
  (func (export "rowSums") (param $d i32) (param $no i32) (param $stride i32) (param $rowsPad i32) (param $out i32)
    (local $o i32) (local $e i32) (local $end i32) (local $p i32) (local $acc v128)
    (local.set $end (i32.shl (local.get $rowsPad) (i32.const 2)))
    (block $od
      (loop $ol
        (br_if $od (i32.ge_u (local.get $o) (local.get $no)))
        (local.set $p (i32.add (local.get $d) (i32.shl (i32.mul (local.get $o) (local.get $stride)) (i32.const 2))))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $e (i32.const 0))
        (block $rd
          (loop $rl
            (br_if $rd (i32.ge_u (local.get $e) (local.get $end)))
            (local.set $acc (f32x4.add (local.get $acc) (v128.load (i32.add (local.get $p) (local.get $e)))))
            (local.set $e (i32.add (local.get $e) (i32.const 16)))
            (br $rl)))
        (local.set $p (i32.add (local.get $out) (i32.shl (local.get $o) (i32.const 2))))
        (f32.store (local.get $p) (f32.add (f32.load (local.get $p)) (call $hsum (local.get $acc))))
        (local.set $o (i32.add (local.get $o) (i32.const 1)))
        (br $ol))))

  ;; Maps a spectral layer's kernel gradient gw onto its groups (method spec §1, W = phi (lambdaIn_j - m_i lambdaOut_i)):
  ;; gPhi[j][i] = gw (lambdaIn_j - m_i lambdaOut_i); gLin[j] = sum_i gw phi; gLout[i] -= m_i sum_j gw phi.
  ;; A 0 pointer skips a group that does not train; gLout must hold zeros (or a sum to add to) on entry.
  (func (export "scatterSpectral")
    (param $gw i32) (param $phi i32) (param $lin i32) (param $lout i32) (param $mask i32) (param $inDim i32) (param $units i32)
    (param $gPhi i32) (param $gLin i32) (param $gLout i32)
    (local $j i32) (local $i i32) (local $e i32) (local $lj f32) (local $mi f32) (local $gp f32) (local $sIn f32) (local $q i32)
    (block $jd
      (loop $jl
        (br_if $jd (i32.ge_u (local.get $j) (local.get $inDim)))
        (local.set $lj (f32.load (i32.add (local.get $lin) (i32.shl (local.get $j) (i32.const 2)))))
        (local.set $sIn (f32.const 0))
        (local.set $i (i32.const 0))
        (block $id
          (loop $il
            (br_if $id (i32.ge_u (local.get $i) (local.get $units)))
            (local.set $mi (if (result f32) (local.get $mask)
              (then (f32.load (i32.add (local.get $mask) (i32.shl (local.get $i) (i32.const 2)))))
              (else (f32.const 1))))
            (if (local.get $gPhi)
              (then
                (f32.store (i32.add (local.get $gPhi) (local.get $e))
                  (f32.mul (f32.load (i32.add (local.get $gw) (local.get $e)))
                    (f32.sub (local.get $lj) (f32.mul (local.get $mi) (f32.load (i32.add (local.get $lout) (i32.shl (local.get $i) (i32.const 2))))))))))
            (local.set $gp (f32.mul (f32.load (i32.add (local.get $gw) (local.get $e))) (f32.load (i32.add (local.get $phi) (local.get $e)))))
            (local.set $sIn (f32.add (local.get $sIn) (local.get $gp)))
            (if (local.get $gLout)
              (then
                (local.set $q (i32.add (local.get $gLout) (i32.shl (local.get $i) (i32.const 2))))
                (f32.store (local.get $q) (f32.sub (f32.load (local.get $q)) (f32.mul (local.get $mi) (local.get $gp))))))
            (local.set $e (i32.add (local.get $e) (i32.const 4)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $il)))
        (if (local.get $gLin)
          (then (f32.store (i32.add (local.get $gLin) (i32.shl (local.get $j) (i32.const 2))) (local.get $sIn))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jl))))

  ;; ReLU in place over n entries (a multiple of 4). f32x4.max keeps NaN, so a diverging trial stays visible.
  (func (export "reluForward") (param $p i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $d
      (loop $l
        (br_if $d (i32.ge_u (local.get $p) (local.get $end)))
        (v128.store (local.get $p) (f32x4.max (v128.load (local.get $p)) (v128.const i32x4 0 0 0 0)))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $l))))

  ;; d = d where h > 0, else 0 (the ReLU derivative written through its output h).
  (func (export "reluBackward") (param $h i32) (param $d i32) (param $n i32)
    (local $e i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $dn
      (loop $l
        (br_if $dn (i32.ge_u (local.get $e) (local.get $end)))
        (v128.store (i32.add (local.get $d) (local.get $e))
          (v128.and (v128.load (i32.add (local.get $d) (local.get $e)))
            (f32x4.gt (v128.load (i32.add (local.get $h) (local.get $e))) (v128.const i32x4 0 0 0 0))))
        (local.set $e (i32.add (local.get $e) (i32.const 16)))
        (br $l))))

  ;; Batch loss: returns sum_r (out[r] - y[r])^2 over r < rows in float64, writes dOut[r] = scale (out[r] - y[r])
  ;; (scale = 2 / rows: d MSE / d out) and zeros dOut[rows..rowsPad). dOut = 0 pointer: the sum only.
  (func (export "squaredError") (param $out i32) (param $y i32) (param $rows i32) (param $rowsPad i32) (param $scale f64) (param $dOut i32) (result f64)
    (local $r i32) (local $e f64) (local $sse f64) (local $b i32)
    (block $d
      (loop $l
        (br_if $d (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $b (i32.shl (local.get $r) (i32.const 2)))
        (local.set $e (f64.sub (f64.promote_f32 (f32.load (i32.add (local.get $out) (local.get $b))))
                               (f64.promote_f32 (f32.load (i32.add (local.get $y) (local.get $b))))))
        (local.set $sse (f64.add (local.get $sse) (f64.mul (local.get $e) (local.get $e))))
        (if (local.get $dOut)
          (then (f32.store (i32.add (local.get $dOut) (local.get $b)) (f32.demote_f64 (f64.mul (local.get $scale) (local.get $e))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $l)))
    (if (local.get $dOut)
      (then
        (block $d2
          (loop $l2
            (br_if $d2 (i32.ge_u (local.get $r) (local.get $rowsPad)))
            (f32.store (i32.add (local.get $dOut) (i32.shl (local.get $r) (i32.const 2))) (f32.const 0))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $l2)))))
    (local.get $sse))

  ;; One Adam step over n entries (a multiple of 4) of the flat trained vector p with gradient g (batch MSE only; the
  ;; L2 term 2 c p is added here), moments m, v, in the tfjs/PyTorch form p -= lr (m / c1) / (sqrt(v / c2) + eps),
  ;; c1 = 1 - beta1^t, c2 = 1 - beta2^t (method spec §3). beta1, beta2, eps come from the caller (src/adam.ts owns
  ;; them), with the complements 1 - beta1 and 1 - beta2 worked out in float64 there and rounded once to float32.
  ;; mask != 0: entries whose mask is 0 keep their value and moments (a phase that does not apply them, §7).
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $l2 i32) (param $mask i32) (param $n i32)
    (param $lr f32) (param $c1 f32) (param $c2 f32)
    (param $beta1 f32) (param $oneMinusBeta1 f32) (param $beta2 f32) (param $oneMinusBeta2 f32) (param $eps f32)
    (local $e i32) (local $end i32)
    (local $pv v128) (local $gv v128) (local $mv v128) (local $vv v128) (local $keep v128)
    (local $lrv v128) (local $c1v v128) (local $c2v v128)
    (local $b1v v128) (local $ob1v v128) (local $b2v v128) (local $ob2v v128) (local $epsv v128)
    (local.set $b1v (f32x4.splat (local.get $beta1)))
    (local.set $ob1v (f32x4.splat (local.get $oneMinusBeta1)))
    (local.set $b2v (f32x4.splat (local.get $beta2)))
    (local.set $ob2v (f32x4.splat (local.get $oneMinusBeta2)))
    (local.set $epsv (f32x4.splat (local.get $eps)))
    (local.set $lrv (f32x4.splat (local.get $lr)))
    (local.set $c1v (f32x4.splat (local.get $c1)))
    (local.set $c2v (f32x4.splat (local.get $c2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $d
      (loop $l
        (br_if $d (i32.ge_u (local.get $e) (local.get $end)))
        (local.set $pv (v128.load (i32.add (local.get $p) (local.get $e))))
        (local.set $gv (f32x4.add (v128.load (i32.add (local.get $g) (local.get $e)))
          (f32x4.mul (f32x4.mul (f32x4.splat (f32.const 2)) (v128.load (i32.add (local.get $l2) (local.get $e)))) (local.get $pv))))
        (local.set $mv (f32x4.add (f32x4.mul (local.get $b1v) (v128.load (i32.add (local.get $m) (local.get $e))))
                                  (f32x4.mul (local.get $ob1v) (local.get $gv))))
        (local.set $vv (f32x4.add (f32x4.mul (local.get $b2v) (v128.load (i32.add (local.get $v) (local.get $e))))
                                  (f32x4.mul (local.get $ob2v) (f32x4.mul (local.get $gv) (local.get $gv)))))
        (if (local.get $mask)
          (then
            ;; keep = all ones where the mask is 0: old values win there
            (local.set $keep (f32x4.eq (v128.load (i32.add (local.get $mask) (local.get $e))) (v128.const i32x4 0 0 0 0)))
            (local.set $mv (v128.bitselect (v128.load (i32.add (local.get $m) (local.get $e))) (local.get $mv) (local.get $keep)))
            (local.set $vv (v128.bitselect (v128.load (i32.add (local.get $v) (local.get $e))) (local.get $vv) (local.get $keep))))
          (else (local.set $keep (v128.const i32x4 0 0 0 0))))
        (v128.store (i32.add (local.get $m) (local.get $e)) (local.get $mv))
        (v128.store (i32.add (local.get $v) (local.get $e)) (local.get $vv))
        (v128.store (i32.add (local.get $p) (local.get $e))
          (v128.bitselect
            (local.get $pv)
            (f32x4.sub (local.get $pv)
              (f32x4.div (f32x4.mul (local.get $lrv) (f32x4.div (local.get $mv) (local.get $c1v)))
                         (f32x4.add (f32x4.sqrt (f32x4.div (local.get $vv) (local.get $c2v))) (local.get $epsv))))
            (local.get $keep)))
        (local.set $e (i32.add (local.get $e) (i32.const 16)))
        (br $l))))
)
