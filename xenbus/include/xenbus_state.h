/* SPDX-License-Identifier: MIT */
/* placeholder replaced below */
