# SPDX-License-Identifier: GPL-2.0-only
"""QEMU crash-injection harness for limbo."""
