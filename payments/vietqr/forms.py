from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from payments.vietqr.services import Decision


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp sao kê (CSV)"),
        error_messages={"required": _("Vui lòng chọn tệp sao kê."), "empty": _("Tệp sao kê trống.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (Decision.ACCEPT, _("Chấp nhận khoản tiền")),
            (Decision.REJECT, _("Từ chối")),
            (Decision.REFUND, _("Đã hoàn tiền cho người chuyển")),
        ],
        error_messages={"required": _("Vui lòng chọn quyết định."), "invalid_choice": _("Quyết định không hợp lệ.")},
    )
    reference = forms.CharField(label=_("Mã chuyển khoản của đơn hàng"), required=False, max_length=32)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
