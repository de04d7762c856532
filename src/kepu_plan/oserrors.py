"""The operating system's reasons in Chinese, for reading and writing alike.

A leaf: the reader (inputs.py) and the writer (output.py) both explain a failed open, read or write
with these words, so neither needs the other for it.
"""

from __future__ import annotations

import errno

ERRNO_TEXT = {
    errno.ENOENT: "路径不存在",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘空间不足（超出配额）",
    errno.EFBIG: "文件过大",
    errno.EIO: "输入输出错误",
    errno.EROFS: "只读的文件系统",
    errno.EEXIST: "已存在同名文件",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EPIPE: "输出管道已关闭",
    errno.ELOOP: "路径是符号链接",
}


def os_error_text(exc: OSError) -> str:
    """The operating system's reason in Chinese (its own English text in brackets for the rest)."""
    return ERRNO_TEXT.get(exc.errno or 0, f"系统错误（{exc.strerror or exc}）")
