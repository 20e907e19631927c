"""Evaluation figures: precision/recall/F1 counts and a printable report, shared by every scorer."""
from __future__ import annotations

import dataclasses
from typing import Dict, List, Optional


@dataclasses.dataclass
class PRF:
    """Counts behind precision, recall and F1. ``tp_pred`` and ``tp_gold`` may differ for overlap scoring."""
    tp_pred: float = 0.0     # predicted items that match
    n_pred: int = 0
    tp_gold: float = 0.0     # gold items that are matched
    n_gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp_pred / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp_gold / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.tp_pred + other.tp_pred, self.n_pred + other.n_pred,
                   self.tp_gold + other.tp_gold, self.n_gold + other.n_gold)


@dataclasses.dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclasses.dataclass
class Report:
    """Named layers of figures for one evaluation set, printed as an aligned table."""
    title: str
    prf: Dict[str, PRF] = dataclasses.field(default_factory=dict)
    accuracy: Dict[str, Accuracy] = dataclasses.field(default_factory=dict)
    notes: List[str] = dataclasses.field(default_factory=list)

    def lines(self) -> List[str]:
        out = [self.title]
        if self.prf:
            out.append(f"  {'layer':<34} {'P':>6} {'R':>6} {'F1':>6}   {'pred':>6} {'gold':>6}")
            for name, s in self.prf.items():
                out.append(f"  {name:<34} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f}   {s.n_pred:6d} {s.n_gold:6d}")
        for name, a in self.accuracy.items():
            out.append(f"  {name:<34} accuracy {a.value:6.3f}   ({a.correct}/{a.total})")
        out.extend(f"  {note}" for note in self.notes)
        return out

    def as_dict(self) -> Dict[str, Dict[str, Optional[float]]]:
        data: Dict[str, Dict[str, Optional[float]]] = {}
        for name, s in self.prf.items():
            data[name] = {"precision": s.precision, "recall": s.recall, "f1": s.f1,
                          "n_pred": s.n_pred, "n_gold": s.n_gold}
        for name, a in self.accuracy.items():
            data[name] = {"accuracy": a.value, "correct": a.correct, "total": a.total}
        return data
