"""Eager MobileNetV2 1.4 (nsfwjs mobilenet_v2_mid) rebuilt from the float32 weights of the committed
TorchScript model (models/mobilenet-v2-140-nsfwjs/model.pt), with taps on intermediate activations.

The committed model.pt stores its constants as buffers store.w0 .. store.w105 in the topological order
of the TFJS graph (tools/nsfwjs-to-torchscript.py): w0/w1 = hub_input Mul/Sub scalars (2, 1), then
(kernel, bias) pairs: stem 3x3/2 conv, expanded_conv (depthwise, project), expanded_conv_1..16
(expand, depthwise, project), final 1x1 conv 448->1792. Strides/residuals follow the MobileNetV2 table;
`check_against(model.pt)` verifies the rebuilt network reproduces the committed model's output.
Convolutions use the converter's conv_tf (TF 'SAME' padding), imported from the converter itself.
"""
import importlib.util
import os

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DEFAULT_PT = os.path.join(ROOT, "models", "mobilenet-v2-140-nsfwjs", "model.pt")


def _converter():
    spec = importlib.util.spec_from_file_location("nsfwjs_to_torchscript",
                                                  os.path.join(ROOT, "tools", "nsfwjs-to-torchscript.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


conv_tf = _converter().conv_tf

# MobileNetV2 blocks expanded_conv_1 .. _16: stride-2 blocks (t,c,n,s table: 24/2, 32/2, 64/2, 160/2)
STRIDE2 = {1, 3, 6, 13}


def load_weights(pt_path=DEFAULT_PT):
    m = torch.jit.load(pt_path, map_location="cpu")
    bufs = dict(m.named_buffers())
    return [bufs["store.w%d" % i].clone() for i in range(len(bufs))]


class MNV2Taps(torch.nn.Module):
    """forward(x [N,3,H,W] in [0,1]) -> dict name -> activation (NCHW).

    Names: 'stem', 'b0'..'b16' (block outputs, after the residual add), 'e1'..'e16' (expand conv
    after ReLU6), 'final' (1x1 conv 1792 after ReLU6, before pooling)."""

    def __init__(self, weights):
        super().__init__()
        w = list(weights)
        self.register_buffer("mul", w[0])
        self.register_buffer("sub", w[1])
        self.names = []
        i = 2

        def take(name):
            nonlocal i
            self.register_buffer(name + "_k", w[i])
            self.register_buffer(name + "_b", w[i + 1])
            i += 2

        take("stem")
        take("b0_dw")
        take("b0_pr")
        for b in range(1, 17):
            take("b%d_ex" % b)
            take("b%d_dw" % b)
            take("b%d_pr" % b)
        take("final")
        if i != len(w):
            raise ValueError("unexpected weight count %d (used %d)" % (len(w), i))

    def _pw(self, x, name, relu6):
        k = getattr(self, name + "_k").permute(3, 2, 0, 1)
        y = conv_tf(x, k, (1, 1), "SAME", (1, 1), 1, getattr(self, name + "_b"))
        return torch.clamp(y, 0.0, 6.0) if relu6 else y

    def _dw(self, x, name, stride):
        k = getattr(self, name + "_k")
        kh, kw, c, mm = k.shape
        k = k.permute(2, 3, 0, 1).reshape(c * mm, 1, kh, kw)
        y = conv_tf(x, k, (stride, stride), "SAME", (1, 1), c, getattr(self, name + "_b"))
        return torch.clamp(y, 0.0, 6.0)

    def forward(self, x):
        taps = {}
        x = x * self.mul - self.sub
        k = self.stem_k.permute(3, 2, 0, 1)
        x = torch.clamp(conv_tf(x, k, (2, 2), "SAME", (1, 1), 1, self.stem_b), 0.0, 6.0)
        taps["stem"] = x
        x = self._pw(self._dw(x, "b0_dw", 1), "b0_pr", False)
        taps["b0"] = x
        for b in range(1, 17):
            e = self._pw(x, "b%d_ex" % b, True)
            taps["e%d" % b] = e
            y = self._pw(self._dw(e, "b%d_dw" % b, 2 if b in STRIDE2 else 1), "b%d_pr" % b, False)
            if b not in STRIDE2 and y.shape[1] == x.shape[1]:
                y = y + x
            x = y
            taps["b%d" % b] = x
        taps["final"] = self._pw(x, "final", True)
        return taps


def check_against(net, pt_path=DEFAULT_PT, n=3, size=224):
    ref = torch.jit.load(pt_path, map_location="cpu")
    x = torch.rand(n, 3, size, size, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        a = ref(x)
        b = net(x)["final"].mean(dim=(2, 3))
    d = (a - b).abs().max().item()
    return d, a.abs().max().item()
