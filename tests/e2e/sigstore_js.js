// sigstore-js itself (npm @sigstore/bundle, @sigstore/verify, @sigstore/sign), as the
// other side of terragon's Sigstore bundles, trusting only the given key: no
// transparency log, certificate or timestamp is asked for (thresholds 0), since
// none is made offline.
//
//   node sigstore_js.js verify MODULES BUNDLE.json ARTIFACT KEY.pub HINT
//     @sigstore/bundle parses and validates the bundle, @sigstore/verify checks its
//     signature and digest against ARTIFACT; the bundle's key hint must be HINT.
//   node sigstore_js.js sign MODULES ARTIFACT KEY.pem KEY.pub HINT > BUNDLE.json
//     @sigstore/sign's MessageSignatureBundleBuilder, with no witness, signs ARTIFACT.
// exit 0 done, 1 not (the reason on stderr)
"use strict";
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");

const [mode, modules, ...args] = process.argv.slice(2);
const need = (m) => require(path.join(modules, m));

async function verify([bundlePath, artifactPath, keyPath, hint]) {
  const { bundleFromJSON } = need("@sigstore/bundle");
  const { Verifier, toSignedEntity, toTrustMaterial } = need("@sigstore/verify");
  const bundle = bundleFromJSON(JSON.parse(fs.readFileSync(bundlePath, "utf8")));
  const key = crypto.createPublicKey(fs.readFileSync(keyPath));
  const trust = toTrustMaterial(
    { certificateAuthorities: [], timestampAuthorities: [], tlogs: [], ctlogs: [] },
    (h) => {
      if (h !== hint) throw new Error(`the bundle's key hint ${h} is not ${hint}`);
      return { publicKey: key, validFor: () => true };
    });
  new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 })
    .verify(toSignedEntity(bundle, fs.readFileSync(artifactPath)));
  console.log("sigstore-js: verified");
}

async function sign([artifactPath, keyPath, pubPath, hint]) {
  const { MessageSignatureBundleBuilder } = need("@sigstore/sign");
  const { bundleToJSON } = need("@sigstore/bundle");
  const priv = crypto.createPrivateKey(fs.readFileSync(keyPath));
  const signer = {
    sign: async (data) => ({
      signature: crypto.sign("sha256", data, priv), // DER, as cosign
      key: { $case: "publicKey", publicKey: fs.readFileSync(pubPath, "utf8"), hint },
    }),
  };
  const b = await new MessageSignatureBundleBuilder({ signer, witnesses: [] })
    .create({ data: fs.readFileSync(artifactPath) });
  console.log(JSON.stringify(bundleToJSON(b)));
}

(mode === "sign" ? sign : verify)(args).catch((e) => {
  console.error("sigstore-js: " + (e.code ? e.code + ": " : "") + e.message);
  process.exit(1);
});
