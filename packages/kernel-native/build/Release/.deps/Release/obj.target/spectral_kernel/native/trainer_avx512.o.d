cmd_Release/obj.target/spectral_kernel/native/trainer_avx512.o := g++ -o Release/obj.target/spectral_kernel/native/trainer_avx512.o ../native/trainer_avx512.cc '-DNODE_GYP_MODULE_NAME=spectral_kernel' '-DUSING_UV_SHARED=1' '-DUSING_V8_SHARED=1' '-DV8_DEPRECATION_WARNINGS=1' '-D_GLIBCXX_USE_CXX11_ABI=1' '-D_FILE_OFFSET_BITS=64' '-D_LARGEFILE_SOURCE' '-D__STDC_FORMAT_MACROS' '-DOPENSSL_NO_PINSHARED' '-DOPENSSL_THREADS' '-DNAPI_VERSION=8' '-DNAPI_CPP_EXCEPTIONS' '-DBUILDING_NODE_EXTENSION' -I/usr/include/node -I/usr/src -I/usr/deps/openssl/config -I/usr/deps/openssl/openssl/include -I/usr/deps/uv/include -I/usr/deps/zlib -I/usr/deps/v8/include -I../node_modules/node-addon-api  -fPIC -pthread -Wall -Wextra -Wno-unused-parameter -m64 -O3 -fno-omit-frame-pointer -fno-rtti -std=gnu++17 -O3 -fno-math-errno -ffp-contract=fast -MMD -MF ./Release/.deps/Release/obj.target/spectral_kernel/native/trainer_avx512.o.d.raw   -c
Release/obj.target/spectral_kernel/native/trainer_avx512.o: \
 ../native/trainer_avx512.cc ../native/trainer.h ../native/trainer-impl.h
../native/trainer_avx512.cc:
../native/trainer.h:
../native/trainer-impl.h:
