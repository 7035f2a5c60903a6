/* Self-check quizzes (widgets/book/quiz_html.py): marks answers in the page, with no kernel.
   One answer: radio buttons; a click, Space or Enter marks the choice. The arrow keys only move
   the focus between the choices (native radios would check, and so answer, on every arrow).
   All that apply: check boxes, each pick marked on its own; earlier picks stay, and a running
   "1 of 2 correct answers found" follows. Numbers: typed with a point or a comma, checked with
   Enter or the Check button, judged as jupyterquiz does (first matching value or [low, high)
   range after rounding to `precision` significant digits, else the default feedback).
   Feedback goes to the question's polite live region. Nothing is written to the console. */
(function () {
  'use strict';
  var CHECK = '<span aria-hidden="true">\u2713 </span>Correct';
  var CROSS = '<span aria-hidden="true">\u2717 </span>Not quite';

  function parseNumber(text) {
    var t = String(text).replace(/\s+/g, '').replace(/[\u2212\u2013\u2012]/g, '-');
    if (t.indexOf(',') !== -1 && t.indexOf('.') === -1) { t = t.replace(',', '.'); }
    var num = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
    if (new RegExp('^' + num + '$').test(t)) { return Number(t); }
    var m = t.match(new RegExp('^(' + num + ')/(' + num + ')$'));
    if (m && Number(m[2]) !== 0) { return Number(m[1]) / Number(m[2]); }
    return null;
  }

  function judge(answers, x, precision) {
    var p = Number(precision) || 0;
    var s = p > 0 ? Number(x.toPrecision(p)) : x;
    var fallback = 'Incorrect. Try again.';
    for (var i = 0; i < answers.length; i++) {
      var a = answers[i];
      if ('value' in a) {
        var v = p > 0 ? Number(Number(a.value).toPrecision(p)) : Number(a.value);
        if (s === v) { return {correct: !!a.correct, feedback: a.feedback || ''}; }
      } else if ('range' in a) {
        if (s >= a.range[0] && s < a.range[1]) { return {correct: !!a.correct, feedback: a.feedback || ''}; }
      } else if (a.type === 'default' && a.feedback) {
        fallback = a.feedback;
      }
    }
    return {correct: false, feedback: fallback};
  }

  function typeset(el) {
    var mj = window.MathJax;
    if (mj && typeof mj.typesetPromise === 'function') {
      mj.typesetPromise([el]).catch(function () { return null; });
    }
  }

  function say(fb, state, parts) {
    fb.className = 'cq-feedback' + (state ? ' cq-' + state : '');
    fb.innerHTML = parts.filter(Boolean).join('');
    typeset(fb);
  }

  function verdict(correct) {
    return '<strong class="cq-verdict">' + (correct ? CHECK : CROSS) + '</strong>';
  }

  function escapeText(text) {
    var d = document.createElement('span');
    d.textContent = text;
    return d.innerHTML;
  }

  function feedbackOf(question) {
    return question.querySelector('.cq-feedback');
  }

  function markSingle(input) {
    var question = input.closest('.cq-question');
    question.querySelectorAll('.cq-option').forEach(function (label) {
      label.classList.remove('cq-right', 'cq-wrong');
    });
    var right = input.getAttribute('data-correct') === 'true';
    input.closest('.cq-option').classList.add(right ? 'cq-right' : 'cq-wrong');
    say(feedbackOf(question), right ? 'right' : 'wrong',
        [verdict(right), '<span>' + input.getAttribute('data-feedback') + '</span>']);
  }

  function markMany(input) {
    var question = input.closest('.cq-question');
    var label = input.closest('.cq-option');
    var right = input.getAttribute('data-correct') === 'true';
    label.classList.remove('cq-right', 'cq-wrong');
    var boxes = question.querySelectorAll('input[type="checkbox"]');
    var total = 0, found = 0;
    boxes.forEach(function (box) {
      if (box.getAttribute('data-correct') === 'true') {
        total += 1;
        if (box.checked) { found += 1; }
      }
    });
    var count = '<span class="cq-count">' + found + ' of ' + total + ' correct answers found.</span>';
    if (input.checked) {
      label.classList.add(right ? 'cq-right' : 'cq-wrong');
      say(feedbackOf(question), right ? 'right' : 'wrong',
          [verdict(right), '<span>' + input.getAttribute('data-feedback') + '</span>', count]);
    } else {
      say(feedbackOf(question), 'note', [count]);
    }
  }

  function checkNumber(question) {
    var input = question.querySelector('input[type="text"]');
    var fb = feedbackOf(question);
    input.classList.remove('cq-right', 'cq-wrong');
    var typed = input.value.trim();
    var x = parseNumber(typed);
    if (typed === '') {
      say(fb, 'note', ['<span>Type a number first.</span>']);
      return;
    }
    if (x === null || !isFinite(x)) {
      say(fb, 'note', ['<span>\u201c' + escapeText(typed) + '\u201d is not a number. Type digits, ' +
                       'with a point or a comma before the decimals (12.5 or 12,5).</span>']);
      return;
    }
    var result = judge(JSON.parse(input.getAttribute('data-answers')), x,
                       input.getAttribute('data-precision'));
    input.classList.add(result.correct ? 'cq-right' : 'cq-wrong');
    say(fb, result.correct ? 'right' : 'wrong',
        [verdict(result.correct), '<span class="cq-echo">You answered ' + escapeText(String(x).replace('-', '\u2212')) + '.</span>',
         '<span>' + result.feedback + '</span>']);
  }

  function radiosOf(input) {
    return Array.prototype.slice.call(
      input.closest('.cq-question').querySelectorAll('input[type="radio"]'));
  }

  var STEP = {ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1};

  function onKeydown(event) {
    var t = event.target;
    if (t.type === 'radio' && t.closest('.cq-quiz')) {
      if (event.key in STEP) {
        event.preventDefault();
        var radios = radiosOf(t);
        var next = (radios.indexOf(t) + STEP[event.key] + radios.length) % radios.length;
        radios[next].focus();
      } else if (event.key === 'Enter') {
        event.preventDefault();
        t.checked = true;
        markSingle(t);
      }
    } else if (t.type === 'text' && event.key === 'Enter' && t.closest('.cq-numeric')) {
      event.preventDefault();
      checkNumber(t.closest('.cq-question'));
    }
  }

  function onChange(event) {
    var t = event.target;
    if (t.type === 'radio') { markSingle(t); }
    if (t.type === 'checkbox') { markMany(t); }
  }

  function onClick(event) {
    var button = event.target.closest('.cq-check');
    if (button) { checkNumber(button.closest('.cq-question')); }
    var sign = event.target.closest('.cq-sign');
    if (sign) {
      var input = sign.closest('.cq-question').querySelector('input[type="text"]');
      var v = input.value.trim().replace(/^[\u2212\u2013]/, '-');
      input.value = v.charAt(0) === '-' ? v.slice(1) : '-' + v.replace(/^\+/, '');
      input.focus();
    }
  }

  function init(root) {
    if (!root || root.getAttribute('data-ready') === '1') { return; }
    root.setAttribute('data-ready', '1');
    root.addEventListener('keydown', onKeydown);
    root.addEventListener('change', onChange);
    root.addEventListener('click', onClick);
  }

  window.crampQuiz = {init: init, parseNumber: parseNumber, judge: judge};
})();
