"""Trace: a measure's chain up and down the plan hierarchy, two texts side by side, and a plan's trace report."""
import streamlit as st

from app_pages import report, tables, textdiff
from app_pages.common import wkey, deep_link, download_name, lang, plan_picker, query, t, unknown

st.title(t("落实", "Trace"))
st.caption(t("下级规划的措施落实了上级规划的哪些措施、数字在哪里变了、哪些被略过、哪些是本地新增；同级规划（或上级规划缺席时上级的同级规划）"
             "中承载同一任务的措施（强：对方的同一措施；部分：一方是另一方的一部分）。关联由 plankg build 写入关联图。",
             "Which measures of a plan implement its parent plan's, where a number changed, which were skipped and "
             "which are local additions; and the measures of sibling plans (or, when the parent plan is absent, of "
             "its level) that carry the same task (strong: the other plan's own version; partial: one is part of "
             "the other). Links come from the links graph built by `plankg build`."))


def side_by_side(me: dict, other: dict) -> None:
    """The two texts in two columns with differing numbers and words marked inline."""
    left_html, right_html, changes = textdiff.highlight(me.get("text") or "", other.get("text") or "")
    left, right = st.columns(2)
    left.html(textdiff.panel(f"{me['region']} · {me.get('heading') or ''}", left_html))
    right.html(textdiff.panel(f"{other['region']} · {other.get('heading') or ''}", right_html))
    if other.get("changedNumbers"):
        if other.get("direction") == "sibling":
            st.warning(t(f"数字不同：{other['changedNumbers']}", f"Numbers that differ: {other['changedNumbers']}"))
        else:
            st.warning(t(f"数字变化（下级 → 上级）：{other['changedNumbers']}",
                         f"Changed numbers (lower plan → parent): {other['changedNumbers']}"))
    if other.get("score") is not None:
        strength = STRENGTH.get(other.get("strength") or "", ("", ""))
        st.caption(t(f"{changes} 处文字不同 · 得分 {float(other['score']):.3f} {strength[0]} · 共同议题 {other.get('topics') or '—'} · {other.get('method')}",
                     f"{changes} differing spans · score {float(other['score']):.3f} {strength[1]} · shared topics {other.get('topics') or '—'} · {other.get('method')}"))


def short_strength(value) -> str | None:
    return {"strong": t("强", "strong"), "partial": t("部分", "partial")}.get(value or "")


STRENGTH = {"strong": ("强（对方的同一措施）", "strong (the other plan's own version)"),
            "partial": ("部分（一方是另一方的一部分）", "partial (one is part of the other)")}


measure_tab, plan_tab = st.tabs([t("措施追溯", "Trace a measure"), t("规划落实报告", "A plan's report")])

with measure_tab:
    wanted = deep_link("measure")
    if wanted and "trace_search" not in st.session_state:
        st.session_state["trace_search"] = wanted
    words = st.text_input(t("按措施文字查找（任一规划）", "Find a measure by words of its text (any plan)"), key="trace_search",
                          placeholder=t("例如 职业技能培训", "e.g. 职业技能培训"))
    if not words.strip():
        st.info(t("请输入措施中的文字，例如“职业技能培训”。", "Type words of a measure, e.g. 职业技能培训."))
    else:
        if words.strip().startswith(("http://", "https://")):
            self_rows = [r for r in query("trace", measure=words.strip()) if r["direction"] == "self"]
            hits = [{"measure": words.strip(), "region": r["region"], "heading": r["heading"]} for r in self_rows]
            if not hits:
                unknown("measure", words.strip(), "图谱中没有这项措施。", "the graph has no such measure.")
        else:
            hits = query("search", text=words.strip())
            if not hits:
                st.warning(t(f"没有措施包含“{words}”。", f"No measure contains “{words}”."))
        if hits:
            options = {h["measure"]: h for h in hits}
            picked = st.selectbox(t(f"措施（{len(hits)} 项）", f"Measure ({len(hits)} found)"), list(options),
                                  key="trace_measure",
                                  format_func=lambda iri: f"{options[iri]['region']} · {options[iri].get('heading') or iri}")
            st.query_params["measure"] = picked
            chain = query("trace", measure=picked)
            topics = {r["otherMeasure"]: r["topics"] for r in query("correspondences", measure=picked)}
            chain = [dict(r, topics=topics.get(r["other"])) if r["direction"] == "sibling" else r for r in chain]
            me = next((r for r in chain if r["direction"] == "self"), None)
            names = {"up": t("上级（它落实的）", "up (it implements)"), "down": t("下级（落实它的）", "down (implementing it)"),
                     "sibling": t("同级对应", "sibling correspondence"), "family": t("同族", "same family")}
            order = {"up": 0, "down": 1, "sibling": 2, "family": 3}
            others = sorted((r for r in chain if r["direction"] != "self"),
                            key=lambda r: (order.get(r["direction"], 9), r["depth"], r.get("strength") != "strong"))
            st.subheader(t(f"关联措施（{len(others)}）", f"Linked measures ({len(others)})"))
            if not others:
                st.info(t("这项措施没有上下级或同级关联。", "This measure has no links up, down or to sibling plans."))
            else:
                st.dataframe([{t("方向", "direction"): names[r["direction"]], t("层级", "depth"): r["depth"],
                               t("地区", "region"): r["region"], t("措施", "measure"): r["heading"],
                               t("强度", "strength"): short_strength(r.get("strength")),
                               t("得分", "score"): r.get("score"), t("共同议题", "shared topics"): r.get("topics") or None,
                               t("数字变化", "changed numbers"): r.get("changedNumbers")}
                              for r in others], hide_index=True, width="stretch", key="trace_chain")
                by_other = {r["other"]: r for r in others}
                other = st.selectbox(t("对照", "Side by side with"), list(by_other), key=wkey("trace_other"),
                                     format_func=lambda iri: f"{names[by_other[iri]['direction']]} · {by_other[iri]['region']} · {by_other[iri]['heading']}")
                if me:
                    side_by_side(me, by_other[other])

with plan_tab:
    plan = plan_picker("trace_plan", t("下级规划", "Lower-level plan"))
    links = query("implements", plan=plan["plan"])
    findings = query("weaker_targets", plan=plan["plan"])
    parents = sorted({r["parentPlan"] for r in links})
    skipped = [dict(r, parentRegion=next(l["parentRegion"] for l in links if l["parentPlan"] == parent))
               for parent in parents for r in query("unimplemented", plan=plan["plan"], parent=parent)]
    added = query("local_additions", plan=plan["plan"])
    rows = report.rows(links, skipped, added, query("changed_numbers", plan=plan["plan"]))
    counts = report.counts(rows)
    st.markdown(" · ".join(f"**{report.STATUS[s][0 if lang() == 'zh' else 1]}** {n}" for s, n in counts.items()))
    slug = download_name(plan.get("regionCode") or "", "trace-report")
    title = t(f"{plan['region']} 规划落实报告", f"Trace report: {plan['region']}")
    c1, c2 = st.columns(2)
    c1.download_button(t("报告 CSV", "Report CSV"), tables.csv_bytes(rows), file_name=f"{slug}.csv", mime="text/csv",
                       key="trace_report_csv")
    c2.download_button(t("可打印的报告 HTML", "Printable report HTML"), report.printable(title, rows, lang()),
                       file_name=f"{slug}.html", mime="text/html", key="trace_report_html")

    siblings = query("correspondences", plan=plan["plan"])
    implemented, gaps, additions, corresponding, cascade = st.tabs([
        t(f"落实（{len(links)}）", f"Implemented ({len(links)})"), t(f"未落实（{len(skipped)}）", f"Skipped ({len(skipped)})"),
        t(f"本级新增（{len(added)}）", f"Local additions ({len(added)})"),
        t(f"同级对应（{len(siblings)}）", f"Sibling correspondences ({len(siblings)})"),
        t(f"指标传导（{len(findings)}）", f"Indicator cascade ({len(findings)})")])
    with corresponding:
        if not siblings:
            st.info(t("这个规划的措施与同级规划没有对应。", "No measure of this plan corresponds to one of a sibling plan."))
        else:
            strong = sum(1 for r in siblings if r["strength"] == "strong")
            st.caption(t(f"与同级规划（或上级缺席时与上级的同级规划）承载同一任务的措施：{strong} 项强对应（对方的同一措施），"
                         f"{len(siblings) - strong} 项部分对应（合并的措施、任务表行）。",
                         f"Measures of sibling plans (or, when the parent plan is absent, of its level) that carry the same "
                         f"task: {strong} strong (the other plan's own version), {len(siblings) - strong} partial "
                         f"(a merged measure, a task-table row)."))
            st.dataframe([{t("本级措施", "measure"): r["heading"], t("对方地区", "other region"): r["otherRegion"],
                           t("对方措施", "other measure"): r["otherHeading"],
                           t("强度", "strength"): short_strength(r["strength"]),
                           t("得分", "score"): round(float(r["score"]), 3), t("共同议题", "shared topics"): r["topics"] or None,
                           t("共同数字", "shared numbers"): r["numbers"] or None}
                          for r in siblings], hide_index=True, width="stretch", key="trace_siblings")
    with implemented:
        if not links:
            st.info(t("这个规划的措施没有关联到库中的上级规划。", "No measure of this plan is linked to a parent plan in the corpus."))
        else:
            st.subheader(t(f"已落实的上级措施（{len(links)}）", f"Implemented parent measures ({len(links)})"))
            st.dataframe([{t("本级措施", "measure"): r["childHeading"], t("上级措施", "parent measure"): r["parentHeading"],
                           t("上级地区", "parent region"): r["parentRegion"], t("得分", "score"): round(float(r["score"]), 3)}
                          for r in links], hide_index=True, width="stretch")
            labels = {f"{r['childHeading']} ← {r['parentRegion']} {r['parentHeading']}": r for r in links}
            picked = labels[st.selectbox(t("对照", "Side by side"), list(labels), key="trace_link")]
            chain = query("trace", measure=picked["childMeasure"])
            me = next((r for r in chain if r["direction"] == "self"), None)
            up = next((r for r in chain if r["direction"] == "up" and r["other"] == picked["parentMeasure"]), None)
            if me and up:
                side_by_side(me, up)
    with gaps:
        if not parents:
            st.info(t("库中没有这个规划的上级规划可比较。", "This plan has no parent plan in the corpus to compare with."))
        st.subheader(t(f"未落实的上级措施（{len(skipped)}）", f"Parent measures not implemented ({len(skipped)})"))
        st.dataframe([{"path": r["path"], "heading": r["heading"], "text": r["text"]} for r in skipped],
                     hide_index=True, width="stretch")
    with additions:
        st.subheader(t(f"没有对应的措施（{len(added)}）", f"Measures with no counterpart ({len(added)})"))
        st.dataframe([{"path": r["path"], "heading": r["heading"], "text": r["text"]} for r in added],
                     hide_index=True, width="stretch")
    with cascade:
        st.dataframe([{"kind": f["kind"], "indicator": f["indicator"], "target": f.get("target"),
                       "compared": f.get("comparedTarget"), "description": f["description"]} for f in findings],
                     hide_index=True, width="stretch")
