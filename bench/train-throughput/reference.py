"""PyTorch reference for bench/train-throughput: the same GPT-2 architecture, optimizer and step as ep train.

Prints one JSON object per line like `ep train --json` (event "step" with loss and tokens_per_second).
--write-init DIR saves the seeded initial weights as a Hugging Face GPT-2 folder (what `ep train --init` imports) and
exits; --init DIR starts from such a folder. --tokens DIR trains on `ep tokenize`'s train.bin, drawing windows the way
ep does (torch.randint offsets from a generator seeded seed + 1), so both see the same batches. Without --tokens, token
ids are drawn uniformly (throughput does not depend on their values).
"""
import argparse
import json
import math
import os
import resource
import struct
import time


import torch
import torch.nn as nn
import torch.nn.functional as F

CONFIGS = {
    "tiny": dict(n_layer=4, n_head=4, n_embd=256, block_size=128),
    "small": dict(n_layer=6, n_head=6, n_embd=384, block_size=256),
    "gpt2-124m": dict(n_layer=12, n_head=12, n_embd=768, block_size=1024),
}


class CausalSelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c_attn = nn.Linear(c["n_embd"], 3 * c["n_embd"])
        self.c_proj = nn.Linear(c["n_embd"], c["n_embd"])
        self.n_head = c["n_head"]

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        if hasattr(F, "scaled_dot_product_attention"):
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:  # PyTorch < 2.0 (Debian 12 ships 1.13): the same attention, written out
            att = (q @ k.transpose(-2, -1)) / math.sqrt(k.size(-1))
            mask = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
            y = att.masked_fill(~mask, float("-inf")).softmax(dim=-1) @ v
        return self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ln_1 = nn.LayerNorm(c["n_embd"])
        self.attn = CausalSelfAttention(c)
        self.ln_2 = nn.LayerNorm(c["n_embd"])
        self.mlp = nn.Sequential()
        self.mlp.c_fc = nn.Linear(c["n_embd"], 4 * c["n_embd"])
        self.mlp.gelu = nn.GELU(approximate="tanh")
        self.mlp.c_proj = nn.Linear(4 * c["n_embd"], c["n_embd"])

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, c, vocab):
        super().__init__()
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(vocab, c["n_embd"]),
            wpe=nn.Embedding(c["block_size"], c["n_embd"]),
            h=nn.ModuleList([Block(c) for _ in range(c["n_layer"])]),
            ln_f=nn.LayerNorm(c["n_embd"]),
        ))
        for name, p in self.named_parameters():
            if name.endswith(".bias"):
                nn.init.zeros_(p)
            elif ".ln_" in name or name.startswith("transformer.ln_f"):
                nn.init.ones_(p)
            else:
                nn.init.normal_(p, 0.0, 0.02 / math.sqrt(2 * c["n_layer"]) if name.endswith("c_proj.weight") else 0.02)

    def forward(self, idx):
        T = idx.size(1)
        x = self.transformer.wte(idx) + self.transformer.wpe(torch.arange(T, device=idx.device))
        for block in self.transformer.h:
            x = block(x)
        return F.linear(self.transformer.ln_f(x), self.transformer.wte.weight)  # tied LM head


CONV1D = (".attn.c_attn.weight", ".attn.c_proj.weight", ".mlp.c_fc.weight", ".mlp.c_proj.weight")


def write_hf(model, c, vocab, folder):
    """config.json + model.safetensors in Hugging Face GPT-2 layout (Conv1D weights stored (in, out))."""
    import numpy as np  # noqa: F401 (tensor.numpy() needs it; only these options do)
    os.makedirs(folder, exist_ok=True)
    tensors = {}
    for name, p in model.state_dict().items():
        name = name[len("transformer."):]
        t = p.detach().t() if name.endswith(CONV1D) else p.detach()
        tensors[name] = t.contiguous().numpy().astype("<f4")
    header, offset = {}, 0
    for name, a in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    with open(os.path.join(folder, "model.safetensors"), "wb") as f:
        f.write(struct.pack("<Q", len(raw)) + raw)
        for a in tensors.values():
            f.write(a.tobytes())
    config = {"model_type": "gpt2", "vocab_size": vocab, "n_positions": c["block_size"], "n_ctx": c["block_size"],
              "n_embd": c["n_embd"], "n_layer": c["n_layer"], "n_head": c["n_head"], "activation_function": "gelu_new",
              "layer_norm_epsilon": 1e-5, "tie_word_embeddings": True}
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f)


def read_hf(model, folder):
    import numpy as np
    with open(os.path.join(folder, "model.safetensors"), "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    state = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        t = torch.from_numpy(np.frombuffer(data[start:end], dtype="<f4").reshape(info["shape"]).copy())
        state["transformer." + name] = t.t().contiguous() if name.endswith(CONV1D) else t
    model.load_state_dict(state)


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--config", default="tiny")
    a.add_argument("--vocab", type=int, default=50257)
    a.add_argument("--batch-size", type=int, default=8)
    a.add_argument("--seq-len", type=int, default=0)
    a.add_argument("--steps", type=int, default=30)
    a.add_argument("--device", default="cpu")
    a.add_argument("--tf32", action="store_true")
    a.add_argument("--bf16", action="store_true", help="bf16 autocast (mixed precision; fp32 weights)")
    a.add_argument("--threads", type=int, default=0)
    a.add_argument("--seed", type=int, default=1)
    a.add_argument("--write-init", default="")
    a.add_argument("--init", default="")
    a.add_argument("--tokens", default="")
    args = a.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    if args.tf32:
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    torch.manual_seed(args.seed)
    c = CONFIGS[args.config]
    T = args.seq_len or c["block_size"]
    model = GPT(c, args.vocab)
    if args.write_init:
        write_hf(model, c, args.vocab, args.write_init)
        return
    if args.init:
        read_hf(model, args.init)
    model = model.to(args.device)
    tokens = None
    if args.tokens:
        import numpy as np
        meta = json.load(open(os.path.join(args.tokens, "meta.json")))
        tokens = torch.from_numpy(np.fromfile(os.path.join(args.tokens, "train.bin"), dtype=meta["dtype"]).astype(np.int64))
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=1e-3, betas=(0.9, 0.95), eps=1e-8)
    g = torch.Generator().manual_seed(args.seed + 1)
    for step in range(1, args.steps + 1):
        start = time.perf_counter()
        if tokens is None:
            x = torch.randint(0, args.vocab, (args.batch_size, T + 1), generator=g).to(args.device)
        else:  # ep's TokenStream.RandomBatch: random window offsets from the data-order generator
            offsets = torch.randint(0, len(tokens) - T, (args.batch_size,), generator=g)
            x = torch.stack([tokens[o:o + T + 1] for o in offsets.tolist()]).to(args.device)
        opt.zero_grad(set_to_none=False)
        with torch.autocast(device_type=torch.device(args.device).type, dtype=torch.bfloat16, enabled=args.bf16):
            logits = model(x[:, :-1])
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), x[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        value = loss.item()  # synchronizes, as ep's per-step loss does
        elapsed = time.perf_counter() - start
        print(json.dumps({"event": "step", "step": step, "loss": value,
                          "tokens_per_second": args.batch_size * T / elapsed}), flush=True)
    print(json.dumps({"event": "summary", "step": args.steps, "torch": torch.__version__,
                      "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}), flush=True)


if __name__ == "__main__":
    main()
